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
 * the insert, never waiting for the database. {@link #find} looks in memory first, so a grant issued a moment ago
 * is found before its insert is done. A grant stays in memory until it is in the database; one whose insert was
 * dropped or failed stays there until it expires, so it holds at least until relaybridge stops.
 */
public final class PersistentCallbackTokens implements CallbackTokens {

    static final int DEFAULT_CAPACITY = 10_000;
    /** Rows stay this long past their expiry, so a nurse's late callback can still be looked into. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);
    private static final int PRUNE_ABOVE = 1_000;
    private static final Logger LOG = Logger.getLogger(PersistentCallbackTokens.class.getName());

    private final EntityManagerFactory factory;
    private final Clock clock;
    private final Map<String, CallbackGrant> unwritten = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final CallbackGrantWriter writer;

    /** Purges long-expired rows (on the caller's thread: it runs at open, like the migrations), then starts writing. */
    PersistentCallbackTokens(EntityManagerFactory factory, Clock clock, int capacity) {
        this.factory = factory;
        this.clock = clock;
        int purged = purgeExpired(clock.instant());
        if (purged > 0) {
            LOG.info("callback grants: " + purged + " expired more than " + KEPT_AFTER_EXPIRY.toDays()
                    + " days ago deleted");
        }
        this.writer = new CallbackGrantWriter(factory, capacity, grant -> unwritten.remove(grant.token(), grant));
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
        if (!writer.submit(grant)) {
            long count = dropped.incrementAndGet();
            // one line per hundred, not per grant: a full queue means the database is far behind already
            if (count == 1 || count % 100 == 0) {
                LOG.warning("callback grants: the write queue is full, " + count + " grants dropped so far (this one:"
                        + " call " + grant.callId() + "); a dropped grant holds only until relaybridge stops");
            }
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
        return CallbackGrantWriter.inTransaction(factory, em -> em.createQuery(
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
        return writer.failed();
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

    boolean flush(Duration timeout) {
        try {
            return writer.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    CallbackGrantWriter writer() {
        return writer;
    }

    /** Writes what is queued (waiting up to {@code timeout}) and stops the writer; the factory is the caller's. */
    void close(Duration timeout) throws InterruptedException {
        writer.stop(timeout);
    }

    void abandon() {
        writer.abandon();
    }
}
