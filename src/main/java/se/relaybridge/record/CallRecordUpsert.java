package se.relaybridge.record;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one statement that stores a call record, whether its row exists or not, without reading it first: an insert
 * for a new call, an update of every column for a later state — a column the later write leaves empty keeps what
 * it held (a node that took a call up from its replica does not know its route; docs/cluster.md). A write of {@code in-progress} updates only a row
 * still in progress, so a late "started" never reopens a record that has ended or was interrupted; a final write
 * always applies. PostgreSQL: {@code INSERT … ON CONFLICT (call_id) DO UPDATE … WHERE}; H2:
 * {@code MERGE INTO … USING … WHEN MATCHED AND … THEN UPDATE … WHEN NOT MATCHED THEN INSERT}. Both decide and
 * write in one statement on the primary key's index, so a batch of them is one round trip of the JDBC batch.
 */
final class CallRecordUpsert {

    private static final List<String> COLUMNS = List.of("call_id", "state", "session_id", "profile_id", "service",
            "provider_name", "interpreter_id", "region", "region_name", "queue_id", "route_evidence", "language",
            "language_decision", "relay_json", "targets_tried", "outcome", "hung_up_by", "offered_at", "answered_at",
            "ended_at");
    private static final String IN_PROGRESS = "'" + RecordState.IN_PROGRESS.text() + "'";

    private CallRecordUpsert() {
    }

    static String sql(DatabaseVendor vendor) {
        String columns = String.join(", ", COLUMNS);
        String parameters = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        List<String> updated = COLUMNS.subList(1, COLUMNS.size());
        return switch (vendor) {
            case POSTGRESQL -> "INSERT INTO call_records (" + columns + ") VALUES (" + parameters + ")"
                    + " ON CONFLICT (call_id) DO UPDATE SET "
                    + updated.stream().map(c -> c + " = COALESCE(EXCLUDED." + c + ", call_records." + c + ")").collect(Collectors.joining(", "))
                    + " WHERE EXCLUDED.state <> " + IN_PROGRESS + " OR call_records.state = " + IN_PROGRESS;
            case H2 -> "MERGE INTO call_records r USING (VALUES (" + parameters + ")) AS s (" + columns + ")"
                    + " ON r.call_id = s.call_id"
                    + " WHEN MATCHED AND (s.state <> " + IN_PROGRESS + " OR r.state = " + IN_PROGRESS + ") THEN UPDATE SET "
                    + updated.stream().map(c -> c + " = COALESCE(s." + c + ", r." + c + ")").collect(Collectors.joining(", "))
                    + " WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES ("
                    + COLUMNS.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
        };
    }

    /** Sets the statement's parameters to {@code row}, in the order of {@link #sql}. */
    static void bind(PreparedStatement statement, CallRecordRow row) throws SQLException {
        int i = 0;
        statement.setString(++i, row.callId());
        statement.setString(++i, row.state());
        statement.setString(++i, row.sessionId());
        statement.setString(++i, row.profileId());
        statement.setString(++i, row.service());
        statement.setString(++i, row.providerName());
        statement.setString(++i, row.interpreterId());
        statement.setString(++i, row.region());
        statement.setString(++i, row.regionName());
        statement.setString(++i, row.queue());
        statement.setString(++i, row.routeEvidence());
        statement.setString(++i, row.language());
        statement.setString(++i, row.languageDecision());
        statement.setString(++i, row.relayJson());
        statement.setString(++i, row.targetsTried());
        statement.setString(++i, row.outcome());
        statement.setString(++i, row.hungUpBy());
        time(statement, ++i, row.offeredAt());
        time(statement, ++i, row.answeredAt());
        time(statement, ++i, row.endedAt());
    }

    private static void time(PreparedStatement statement, int index, OffsetDateTime value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }
}
