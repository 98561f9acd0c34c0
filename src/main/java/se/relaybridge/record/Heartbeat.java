package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * When this node's records writer was last alive, kept in the database once a second. After a crash the next
 * start gives every call it finds still in progress this time as its end: within a second of the real one,
 * not the time of the restart (docs/availability.md).
 */
final class Heartbeat {

    /** One node today; the cluster keys its rows by node name. */
    static final String NODE = "relaybridge";
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    private final EntityManagerFactory factory;
    private final Clock clock;
    private boolean warned;

    Heartbeat(EntityManagerFactory factory, Clock clock) {
        this.factory = factory;
        this.clock = clock;
    }

    /** A beat of its own, when the writer has had nothing to write for a second. */
    void beat() {
        try {
            Transactions.inTransaction(factory, this::beatIn);
            warned = false;
        } catch (RuntimeException e) {
            // the records themselves report a database that fails; one line here until it works again
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "call records: heartbeat not stored: " + CallRecordWriter.rootMessage(e));
            }
        }
    }

    /**
     * A beat inside the transaction of a batch of records: the heartbeat is then never older than a record it
     * committed, so a call answered just before a crash never ends before its answer.
     */
    int beatIn(EntityManager em) {
        OffsetDateTime now = CallRecordEntity.utc(clock.instant());
        int updated = em.createNativeQuery("UPDATE records_heartbeat SET alive_at = ?1 WHERE node = ?2")
                .setParameter(1, now).setParameter(2, NODE).executeUpdate();
        if (updated == 0) {
            em.createNativeQuery("INSERT INTO records_heartbeat (node, alive_at) VALUES (?1, ?2)")
                    .setParameter(1, NODE).setParameter(2, now).executeUpdate();
        }
        return updated;
    }

    /** The last time this node's writer was alive, if it ever was. */
    static Optional<Instant> last(EntityManagerFactory factory) {
        return Transactions.inTransaction(factory, em -> {
            List<?> rows = em.createNativeQuery("SELECT alive_at FROM records_heartbeat WHERE node = ?1")
                    .setParameter(1, NODE).getResultList();
            return rows.isEmpty() || rows.get(0) == null ? Optional.<Instant>empty() : Optional.of(instantOf(rows.get(0)));
        });
    }

    // drivers hand TIMESTAMP WITH TIME ZONE back as OffsetDateTime (H2, PostgreSQL) or java.sql.Timestamp
    private static Instant instantOf(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        throw new IllegalStateException("records_heartbeat.alive_at: unexpected " + value.getClass().getName());
    }
}
