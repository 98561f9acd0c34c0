package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Callback grants in the records database (table {@code callback_grant}), so a callback URI handed to a nurse
 * still works after a restart. {@link #issue} runs on a call's executor: it keeps the grant in memory and queues
 * the insert on the records' writer ({@link CallRecordWriter}), which commits it with the call records of the same
 * few milliseconds, never making the call wait for the database. {@link #find} looks in memory first, so a grant
 * issued a moment ago is found before its insert is done. A grant stays in memory until it is in the database; one
 * whose insert was dropped or failed stays there until it expires, so it holds at least until relaybridge stops.
 * Logs name the call, never the token (the token is the permission) nor the person's number.
 */
public final class PersistentCallbackTokens implements CallbackTokens {

    /** Rows stay this long past their expiry, so a nurse's late callback can still be looked into. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);
    private static final int PRUNE_ABOVE = 1_000;
    private static final Logger LOG = Logger.getLogger(PersistentCallbackTokens.class.getName());

    private final EntityManagerFactory factory;
    private final Clock clock;
    private final Map<String, CallbackGrant> unwritten = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final CallRecordWriter writer;
    private final CallRecordWriter.GrantOutcome outcome = new Outcome();

    /** Grants read through {@code factory} and written by {@code writer}, the records' own. */
    PersistentCallbackTokens(EntityManagerFactory factory, Clock clock, CallRecordWriter writer) {
        this.factory = factory;
        this.clock = clock;
        this.writer = writer;
    }

    /** Deletes the rows long expired (on the caller's thread: it runs at open, like the migrations). */
    static void purgeAtStart(EntityManagerFactory factory, Clock clock) {
        int purged = purgeExpired(factory, clock.instant());
        if (purged > 0) {
            LOG.info("callback grants: " + purged + " expired more than " + KEPT_AFTER_EXPIRY.toDays()
                    + " days ago deleted");
        }
    }

    @Override
    public void issue(CallbackGrant grant) {
        if (unwritten.size() > PRUNE_ABOVE) {
            // only grants whose insert failed linger; a database down for long must not make this map grow for ever
            Instant now = clock.instant();
            unwritten.values().removeIf(g -> !g.validAt(now));
        }
        if (unwritten.putIfAbsent(grant.token(), grant) != null) {
            return;
        }
        if (!writer.submitGrant(grant, outcome)) {
            long count = dropped.incrementAndGet();
            // one line per hundred, not per grant: a full queue means the database is far behind already
            if (count == 1 || count % 100 == 0) {
                LOG.warning("callback grants: " + (writer.stopped() ? "the writer has stopped" : "the write queue is full")
                        + ", " + count + " grants dropped so far (this one: call " + grant.callId()
                        + "); a dropped grant holds only until relaybridge stops");
            }
        }
    }

    /** What the writer tells of each grant, on its thread. */
    private final class Outcome implements CallRecordWriter.GrantOutcome {
        // in the database: memory need not hold it any more
        @Override
        public void stored(CallbackGrant grant) {
            unwritten.remove(grant.token(), grant);
        }

        // it stays in memory, until it expires or relaybridge stops
        @Override
        public void failed(CallbackGrant grant, Exception cause) {
            failed.incrementAndGet();
            LOG.warning("callback grants: cannot store the grant of call " + grant.callId()
                    + ", it holds only until relaybridge stops: " + DatabaseErrors.kind(cause));
        }
    }

    @Override
    public Optional<CallbackGrant> find(String token, Instant now) {
        if (token == null) {
            return Optional.empty();
        }
        CallbackGrant grant = unwritten.get(token);
        if (grant == null) {
            try {
                grant = stored(token).orElse(null);
            } catch (RuntimeException e) {
                // the nurse's call is refused like an unknown token; the log tells it was the database
                LOG.warning("callback grants: cannot read the database, a callback is refused: "
                        + DatabaseErrors.kind(e));
                return Optional.empty();
            }
        }
        return Optional.ofNullable(grant).filter(g -> g.validAt(now));
    }

    @Override
    public Optional<CallbackGrant> findByCallId(String callId, Instant now) {
        if (callId == null) {
            return Optional.empty();
        }
        Optional<CallbackGrant> inMemory = unwritten.values().stream()
                .filter(g -> g.callId().equals(callId) && g.validAt(now))
                .max(java.util.Comparator.comparing(CallbackGrant::issuedAt));
        if (inMemory.isPresent()) {
            return inMemory;
        }
        EntityManager em = factory.createEntityManager();
        try {
            return em.createQuery("SELECT g FROM CallbackGrantEntity g WHERE g.callId = :callId"
                            + " AND g.expiresAt > :now ORDER BY g.issuedAt DESC", CallbackGrantEntity.class)
                    .setParameter("callId", callId).setParameter("now", CallRecordEntity.utc(now))
                    .setMaxResults(1).getResultStream().findFirst().map(CallbackGrantEntity::grant);
        } finally {
            em.close();
        }
    }

    /** Deletes the rows that expired more than 30 days before {@code now}; answers how many. */
    public int purgeExpired(Instant now) {
        return purgeExpired(factory, now);
    }

    private static int purgeExpired(EntityManagerFactory factory, Instant now) {
        return Transactions.inTransaction(factory, em -> em.createQuery(
                        "DELETE FROM CallbackGrantEntity g WHERE g.expiresAt < :cutoff")
                .setParameter("cutoff", CallRecordEntity.utc(now.minus(KEPT_AFTER_EXPIRY)))
                .executeUpdate());
    }

    /** Grants not stored because the write queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Grants the database refused (each logged). */
    public long failed() {
        return failed.get();
    }

    /** The row of {@code token} as stored, expired or not. */
    Optional<CallbackGrant> stored(String token) {
        EntityManager em = factory.createEntityManager();
        try {
            return Optional.ofNullable(em.find(CallbackGrantEntity.class, token)).map(CallbackGrantEntity::grant);
        } finally {
            em.close();
        }
    }

    /** Waits until every grant (and record) queued before this call is written or failed; false on time-out. */
    boolean flush(Duration timeout) {
        try {
            return writer.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The writer of the grants: the records' own, stopped with them ({@link CallRecords#close}). */
    CallRecordWriter writer() {
        return writer;
    }
}
