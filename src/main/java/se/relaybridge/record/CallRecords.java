package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.function.Function;

/**
 * The call records: one per call, admitted or refused. {@link #started} and {@link #finished} only queue the
 * facts (they are called from SIP call executors, which must never wait for a database); a writer thread stores
 * them. Opening runs the schema migrations and marks every call that was still in progress — relaybridge
 * stopped without ending it — as {@code interrupted}. Plain Java: Payara's {@link RecordsService} opens it, and
 * so do tests in a plain JVM.
 */
public final class CallRecords implements AutoCloseable {

    static final String INTERRUPTED_OUTCOME = "interrupted:restart";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final DatabaseSettings settings;
    private final ConnectionPool pool;
    private final EntityManagerFactory factory;
    private final CallRecordWriter writer;
    private final PersistentCallbackTokens callbackTokens;
    private final Clock clock;
    private final int interruptedAtStart;

    private CallRecords(DatabaseSettings settings, ConnectionPool pool, EntityManagerFactory factory, Clock clock,
                        int queueCapacity, boolean leftoversAreOurs) {
        this.settings = settings;
        this.pool = pool;
        this.factory = factory;
        this.clock = clock;
        this.interruptedAtStart = leftoversAreOurs ? interruptLeftovers() : 0;
        // before the records' writer starts: a purge that fails leaves no thread behind
        PersistentCallbackTokens.purgeAtStart(factory, clock);
        this.writer = new CallRecordWriter(pool.dataSource(), settings.vendor(), clock, queueCapacity);
        this.callbackTokens = new PersistentCallbackTokens(factory, clock, writer);
    }

    public static CallRecords open(DatabaseSettings settings) {
        return open(settings, Clock.systemUTC(), CallRecordWriter.DEFAULT_CAPACITY);
    }

    /**
     * The records of a node that starts while other nodes of its cluster run: a call found in progress may be up on
     * one of them (or taken up by one from a node that is gone), so none is marked interrupted (docs/cluster.md).
     */
    public static CallRecords openBesideRunningNodes(DatabaseSettings settings) {
        return open(settings, Clock.systemUTC(), CallRecordWriter.DEFAULT_CAPACITY, false);
    }

    static CallRecords open(DatabaseSettings settings, Clock clock, int queueCapacity) {
        return open(settings, clock, queueCapacity, true);
    }

    private static CallRecords open(DatabaseSettings settings, Clock clock, int queueCapacity,
                                    boolean leftoversAreOurs) {
        ConnectionPool pool = ConnectionPool.open(settings);
        EntityManagerFactory factory = null;
        try {
            SchemaMigration.migrate(pool.dataSource(), settings.vendor());
            factory = RecordsPersistenceUnit.createFactory(pool.dataSource(), settings.vendor());
            return new CallRecords(settings, pool, factory, clock, queueCapacity, leftoversAreOurs);
        } catch (RuntimeException e) {
            if (factory != null) {
                factory.close();
            }
            pool.close();
            throw new IllegalStateException("call records database " + settings.description() + " cannot be opened: "
                    + CallRecordWriter.rootMessage(e), e);
        }
    }

    /**
     * Calls still in progress were cut by a crash or a kill: they end when this node was last alive (its heartbeat,
     * within a second of the crash), and keep the answer time they have.
     */
    private int interruptLeftovers() {
        Instant end = Heartbeat.last(pool.dataSource()).orElse(clock.instant());
        return inTransaction(em -> em.createQuery("UPDATE CallRecordEntity r SET r.state = :interrupted,"
                        + " r.outcome = :outcome, r.endedAt = :end WHERE r.state = :inProgress")
                .setParameter("interrupted", RecordState.INTERRUPTED.text())
                .setParameter("outcome", INTERRUPTED_OUTCOME)
                .setParameter("end", CallRecordEntity.utc(end))
                .setParameter("inProgress", RecordState.IN_PROGRESS.text())
                .executeUpdate());
    }

    /** How many calls were found still in progress when this store was opened, and marked interrupted. */
    public int interruptedAtStart() {
        return interruptedAtStart;
    }

    /** Queues an in-progress record for a call that was admitted; returns at once. */
    public void started(CallFacts facts) {
        writer.submit(facts, RecordState.IN_PROGRESS);
    }

    /**
     * Stores an answered call (still in progress, its answer time set) ahead of the relay's 200: the stage completes
     * once the write is committed (group commit with whatever else is queued), and fails when the database refused
     * it or the queue was full (docs/records-writer.md).
     */
    public CompletionStage<Void> answered(CallFacts facts) {
        return writer.submitDurably(facts, RecordState.IN_PROGRESS);
    }

    /** How long an answered call waits for {@link #answered} before the relay is answered anyway. */
    public Duration answerPatience() {
        return settings.answerPatience();
    }

    /** Queues the final record of a call (inserting it when {@link #started} never came); returns at once. */
    public void finished(CallFacts facts) {
        writer.submit(facts, RecordState.ENDED);
    }

    /** Records not stored because the write queue was full. */
    /** Whether the thread that writes the records still runs (liveness). */
    public boolean writerAlive() {
        return writer.alive();
    }

    public long dropped() {
        return writer.dropped();
    }

    /** Records the database refused (each logged). */
    public long failed() {
        return writer.failed();
    }

    /** Waits until everything queued so far is written; false when {@code timeout} passed first. */
    public boolean flush(Duration timeout) {
        try {
            return writer.flush(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public Page<CallRecordView> search(CallRecordQuery q) {
        return read(em -> new CallRecordSearch(q).run(em, q));
    }

    public Optional<CallRecordView> byCallId(String callId) {
        return read(em -> Optional.ofNullable(em.find(CallRecordEntity.class, callId)).map(CallRecordEntity::view));
    }

    /** The database answers right now (for readiness). */
    public boolean reachable() {
        return pool.reachable();
    }

    /** The JDBC URL, without any password. */
    public String description() {
        return settings.description();
    }

    /** The audit log kept in the same database. */
    public AuditLog auditLog() {
        return new AuditLog(this::inTransaction, this::read, clock);
    }

    /**
     * The callback grants kept in the same database, opened with these records (long-expired rows purged) and
     * closed with them.
     */
    public PersistentCallbackTokens callbackTokens() {
        return callbackTokens;
    }

    /** The scheduled callbacks kept in the same database; each call waits for it (never call from a SIP thread). */
    public PersistentScheduledCallbacks scheduledCallbacks() {
        return new PersistentScheduledCallbacks(factory);
    }

    /** Writes what is queued (records and callback grants), then closes the database. */
    @Override
    public void close() {
        try {
            // the one writer of the records and the grants: everything of both accepted before this is written
            writer.stop(CLOSE_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            factory.close();
            pool.close();
        }
    }

    /** Stops without writing what is queued, as a crash would; for tests of what the next start finds. */
    void closeAbruptly() {
        writer.abandon();
        factory.close();
        pool.close();
    }

    CallRecordWriter writer() {
        return writer;
    }

    <T> T read(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    <T> T inTransaction(Function<EntityManager, T> work) {
        return Transactions.inTransaction(factory, work);
    }
}
