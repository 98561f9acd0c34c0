package se.relaybridge.record;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * When this node's records writer was last alive, kept in the database once a second. After a crash the next
 * start gives every call it finds still in progress this time as its end: within a second of the real one,
 * not the time of the restart (docs/availability.md). Plain JDBC, like the records writer it beats for.
 */
final class Heartbeat {

    /** One node today; the cluster keys its rows by node name. */
    static final String NODE = "relaybridge";
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final DataSource dataSource;
    private final Clock clock;
    private boolean warned;

    Heartbeat(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** A beat of its own, when the writer has had nothing to write for a second. */
    void beat() {
        try {
            Transactions.inTransaction(dataSource, connection -> {
                beatIn(connection);
                return null;
            });
            warned = false;
        } catch (SQLException | RuntimeException e) {
            // the records themselves report a database that fails; one line here until it works again
            if (!warned) {
                warned = true;
                LOG.warning("call records: heartbeat not stored: " + CallRecordWriter.rootMessage(e));
            }
        }
    }

    /**
     * A beat inside the transaction of a batch of records: the heartbeat is then never older than a record it
     * committed, so a call answered just before a crash never ends before its answer.
     */
    void beatIn(Connection connection) throws SQLException {
        OffsetDateTime now = CallRecordEntity.utc(clock.instant());
        int updated;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE records_heartbeat SET alive_at = ? WHERE node = ?")) {
            update.setObject(1, now, Types.TIMESTAMP_WITH_TIMEZONE);
            update.setString(2, NODE);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO records_heartbeat (node, alive_at) VALUES (?, ?)")) {
                insert.setString(1, NODE);
                insert.setObject(2, now, Types.TIMESTAMP_WITH_TIMEZONE);
                insert.executeUpdate();
            }
        }
    }

    /** The last time this node's writer was alive, if it ever was. */
    static Optional<Instant> last(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT alive_at FROM records_heartbeat WHERE node = ?")) {
            select.setString(1, NODE);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.ofNullable(rows.getObject(1, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("records_heartbeat cannot be read: " + CallRecordWriter.rootMessage(e), e);
        }
    }
}
