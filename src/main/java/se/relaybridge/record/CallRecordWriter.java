package se.relaybridge.record;

import se.relaybridge.callback.CallbackGrant;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Writes call records and callback grants on one thread of its own, so a SIP call never waits for the database.
 * Calls hand their facts (and their grants) to a bounded queue and return at once; the writer takes what has
 * gathered, up to a batch, and writes it in one transaction: one row per call of the batch (its latest state), one
 * JDBC batch of upserts, one of grant inserts, never a read before the write (docs/records-writer.md). That one
 * commit is the group commit an answered call waits for, and the one that makes a grant survive a restart: a
 * records database has one commit stream, not one per kind of row. One writer and one queue keep the writes of a
 * call in the order they were made. When the queue is full the write is dropped and counted rather than the call
 * blocked. A stop writes every write accepted before it, also one still on its way into the queue, and refuses
 * (logs and counts) every write after it.
 */
final class CallRecordWriter {

    static final String THREAD_NAME = "relaybridge-records";
    static final int DEFAULT_CAPACITY = 100_000;
    /** Reached only behind a backlog (the commit interval keeps batches small): then fewer, larger commits catch up. */
    private static final int BATCH = 2000;
    private static final Logger LOG = Logger.getLogger(CallRecordWriter.class.getName());

    /** What the queue holds: a call record's write, or a callback grant to insert. */
    private sealed interface Queued permits Write, GrantWrite {
    }

    /** Told what became of each grant handed to {@link #submitGrant}, on the writer's thread. */
    interface GrantOutcome {
        /** The grant is in the database (or a grant of its token was there already). */
        void stored(CallbackGrant grant);

        /** The database refused the grant, or could not be reached; {@code cause} as the database gave it. */
        void failed(CallbackGrant grant, Exception cause);
    }

    private record GrantWrite(CallbackGrant grant, GrantOutcome outcome) implements Queued {
        void stored() {
            outcome.stored(grant);
        }
    }

    /** {@code stored}, when not null, completes once the write is committed, or fails with the write. */
    private record Write(CallFacts facts, RecordState state, CompletableFuture<Void> stored) implements Queued {
        void told() {
            if (stored != null) {
                stored.complete(null);
            }
        }

        void failed(Exception cause) {
            if (stored != null) {
                stored.completeExceptionally(cause);
            }
        }
    }

    /**
     * The row a batch writes for one call: its last write that applies when the batch's writes are taken in order
     * (a final state always does; an "in progress" only while the call has not ended), and every write it stands
     * for, to be told when it is committed.
     */
    private static final class CallRow {
        private final List<Write> writes = new ArrayList<>(3);
        private Write latest;

        CallRow(Write first) {
            writes.add(first);
            latest = first;
        }

        void then(Write write) {
            writes.add(write);
            if (write.state() != RecordState.IN_PROGRESS || latest.state() == RecordState.IN_PROGRESS) {
                latest = write;
            }
        }
    }

    /** Wakes an idle writer to look at {@link #stopping} or {@link #paused}; never written. */
    private static final Write STOP = new Write(null, null, null);
    private static final long HEARTBEAT_MILLIS = 1000;
    /** Every connection the pool may hold could have been closed under it, and then one new connection. */
    private static final int CONNECTION_ATTEMPTS = ConnectionPool.MAX_CONNECTIONS + 1;
    /**
     * A connection the database closed fails at its first use, at once; a database that cannot be reached takes a
     * connect time-out per attempt, and is not tried again for the batch once this has passed.
     */
    private static final long RECONNECT_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataSource dataSource;
    private final String upsert;
    private final String grantInsert;
    private final Clock clock;
    private final BlockingQueue<Queued> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    /**
     * Set by {@link #stop}: from then on a write is refused. An offer that saw it unset may still be on its way into
     * the queue; {@link #offering} counts those, and the writer's last batches wait for them (see {@link #offer}).
     */
    private volatile boolean stopping;
    private final AtomicInteger offering = new AtomicInteger();
    /** Only {@link #abandon()} ends the writer without writing what is queued; any other interrupt is ignored. */
    private volatile boolean abandoned;
    private volatile boolean ended;
    private final Object progress = new Object();
    private long done;
    private boolean paused;
    private boolean held;
    private final Thread thread;
    private final Heartbeat heartbeat;
    private long lastBeat = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
    /**
     * A batch begins no sooner than this (nanoTime), set at each commit by {@link CommitInterval}: 5 to 50 ms after
     * the one before, longer the faster writes come. A write that finds the writer idle past it is committed at
     * once; an answered call waits at most the interval longer for its 200 (docs/records-writer.md).
     */
    private final CommitInterval interval = new CommitInterval();
    private long nextCommit = System.nanoTime();

    CallRecordWriter(DataSource dataSource, DatabaseVendor vendor, Clock clock, int capacity) {
        this.dataSource = dataSource;
        this.upsert = CallRecordUpsert.sql(vendor);
        this.grantInsert = CallbackGrantInsert.sql(vendor);
        this.clock = clock;
        this.heartbeat = new Heartbeat(dataSource, clock);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a write; false when it was dropped (a full queue) or refused (the writer has stopped). */
    boolean submit(CallFacts facts, RecordState state) {
        return offer(new Write(facts, state, null));
    }

    /**
     * As {@link #submit}, and tells when the record is committed; the stage of a record dropped or refused fails at
     * once.
     */
    CompletionStage<Void> submitDurably(CallFacts facts, RecordState state) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (!offer(new Write(facts, state, stored))) {
            stored.completeExceptionally(new IllegalStateException(stopping || ended
                    ? "call records: the writer has stopped" : "call records: the write queue is full"));
        }
        return stored;
    }

    /**
     * Queues the insert of a callback grant, written in the transaction of the records around it; {@code outcome} is
     * told once it is committed or has failed. False, at once, when the queue is full or the writer has stopped
     * (the caller counts and logs its own: {@link #stopped} tells which); never counted with the records.
     */
    boolean submitGrant(CallbackGrant grant, GrantOutcome outcome) {
        return enqueue(new GrantWrite(grant, outcome));
    }

    /** True once a stop was asked for, or the writer has ended: every write is refused from then on. */
    boolean stopped() {
        return stopping || ended;
    }

    private boolean offer(Write write) {
        if (enqueue(write)) {
            return true;
        }
        if (stopping || ended) {
            refuse(write);
            return false;
        }
        CallFacts facts = write.facts();
        long count = dropped.incrementAndGet();
        // one line per thousand, not per record: a full queue means the database is far behind already
        if (count == 1 || count % 1000 == 0) {
            LOG.warning("call records: the write queue is full, " + count + " records dropped so far (this one: "
                    + facts.callId() + " " + write.state().text() + ")");
        }
        return false;
    }

    /*
     * The count goes up before the flag is read, and the writer reads the count before it looks at the queue: so an
     * offer that saw the writer running is either in the queue or still counted when the writer makes its last
     * check, and is never left behind (volatile and atomic accesses are sequentially consistent).
     */
    private boolean enqueue(Queued write) {
        offering.incrementAndGet();
        try {
            if (stopping || ended) {
                return false;
            }
            if (queue.offer(write)) {
                accepted.incrementAndGet();
                return true;
            }
            return false;
        } finally {
            offering.decrementAndGet();
        }
    }

    // one line per thousand, as for a full queue: counted with the dropped records, which the database never saw
    private void refuse(Write write) {
        dropped.incrementAndGet();
        long count = refused.incrementAndGet();
        if (count == 1 || count % 1000 == 0) {
            LOG.warning("call records: the writer has stopped, " + count + " records refused so far (this one: "
                    + write.facts().callId() + " " + write.state().text() + ")");
        }
    }

    /** False once the writer's thread has ended (stopped, or killed by an Error): nothing queued is written any more. */
    boolean alive() {
        return thread.isAlive();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    /** Transactions that stored a batch (or one write of a batch the database refused), since start. */
    long commits() {
        return commits.get();
    }

    /** Waits until every record accepted before this call is written (or failed); false on time-out. */
    boolean flush(Duration timeout) throws InterruptedException {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (done < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /**
     * Refuses every write from now on, writes every write accepted before, and waits up to {@code timeout} for the
     * last commit; the database may be closed once this returns.
     */
    void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        // a full queue needs no wake-up: the writer is busy and looks at the flag before its next batch
        queue.offer(STOP);
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            LOG.warning("call records: the writer has not finished within " + timeout.toSeconds() + " s of the stop; "
                    + queue.size() + " records still queued may not be written");
        }
    }

    /**
     * Holds the writer before its next batch (tests: a database that has fallen behind); returns once it is held, so
     * that every write queued from then on waits in the queue, as behind a slow commit.
     */
    void pause() {
        synchronized (progress) {
            paused = true;
        }
        // an idle writer waits in the queue's poll: this wakes it to look at the flag
        queue.offer(STOP);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (progress) {
            while (!held && thread.isAlive() && System.nanoTime() < deadline) {
                try {
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    void resume() {
        synchronized (progress) {
            paused = false;
            progress.notifyAll();
        }
    }

    private void awaitResume() throws InterruptedException {
        synchronized (progress) {
            try {
                while (paused) {
                    held = true;
                    progress.notifyAll();
                    progress.wait();
                }
            } finally {
                held = false;
            }
        }
    }

    /** Ends the thread at once, leaving whatever is queued unwritten; as good as a crash, for tests. */
    void abandon() {
        abandoned = true;
        thread.interrupt();
    }

    private void run() {
        List<Queued> batch = new ArrayList<>(BATCH);
        try {
            while (!stopping) {
                try {
                    Queued first = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                        awaitResume();
                        gather(batch);
                    }
                } catch (InterruptedException e) {
                    if (abandoned) {
                        // what is queued stays unwritten, as after a crash
                        Thread.currentThread().interrupt();
                        return;
                    }
                    // an interrupt from anyone else loses nothing: what this batch holds is written below
                }
                writeAndTell(batch);
                beat();
            }
            writeTheRest(batch);
        } finally {
            ended = true;
            long left = queue.stream().filter(write -> write != STOP).count();
            if (!abandoned && left > 0) {
                LOG.severe("call records: the writer has ended; " + left + " queued records are not written");
            }
        }
    }

    private void writeAndTell(List<Queued> batch) {
        batch.removeIf(write -> write == STOP);
        write(batch);
        finished(batch.size());
        batch.clear();
    }

    /*
     * After the stop: what is queued, and what offers that saw the writer running are still putting into the queue
     * (nanoseconds each, unless their thread is descheduled right there), in batches as before. The commit interval
     * no longer applies: nothing waits for more to gather.
     */
    private void writeTheRest(List<Queued> batch) {
        while (true) {
            queue.drainTo(batch, BATCH);
            batch.removeIf(write -> write == STOP);
            if (!batch.isEmpty()) {
                writeAndTell(batch);
            } else if (offering.get() == 0 && queue.isEmpty()) {
                beat();
                return;
            } else {
                Thread.yield();
            }
        }
    }

    // what comes within the commit interval joins this batch; a full batch is written at once
    private void gather(List<Queued> batch) throws InterruptedException {
        queue.drainTo(batch, BATCH - batch.size());
        long left = nextCommit - System.nanoTime();
        if (batch.size() < BATCH && left > 0 && !stopping) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted() && abandoned) {
                // abandoned while gathering: nothing of this batch is written, as after a crash
                throw new InterruptedException();
            }
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    // at most once a second, so that after a crash the next start knows when this node was last alive
    private void beat() {
        long now = System.nanoTime();
        if (now - lastBeat >= TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS)) {
            lastBeat = now;
            heartbeat.beat();
        }
    }

    private void write(List<Queued> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<GrantWrite> grants = new ArrayList<>();
        List<CallRow> rows = rowsOf(batch, grants);
        nextCommit = interval.committing(batch.size(), System.nanoTime());
        try {
            commit(rows, grants);
            commits.incrementAndGet();
            lastBeat = System.nanoTime();
            rows.forEach(row -> row.writes.forEach(Write::told));
            grants.forEach(GrantWrite::stored);
        } catch (SQLException | RuntimeException batchFailed) {
            oneByOne(rows);
            grantsOneByOne(grants);
        }
    }

    /**
     * The batch's transaction, again on the next connection when the database had closed the one it got (H2's
     * shutdown hook, a PostgreSQL restart or an administrator close pooled connections under the pool, which hands
     * them out all the same): each lost connection costs a retry, not the records of the batch.
     */
    private void commit(List<CallRow> rows, List<GrantWrite> grants) throws SQLException {
        long first = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                Transactions.inTransaction(dataSource, connection -> {
                    store(connection, rows, grants);
                    return null;
                });
                return;
            } catch (SQLException e) {
                if (attempt >= CONNECTION_ATTEMPTS || !connectionLost(e)
                        || System.nanoTime() - first > RECONNECT_WITHIN_NANOS) {
                    throw e;
                }
                LOG.fine(() -> "call records: a connection was lost, the batch goes again on another: "
                        + rootMessage(e));
            }
        }
    }

    // the JDBC classes of a lost connection, SQL state class 08 (connection exception), and PostgreSQL's 57P (the
    // server ended the session: a shutdown, an administrator, a time-out)
    private static boolean connectionLost(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    // writes of one call in one batch come in the order they were made: the last that applies stands for them all
    private static List<CallRow> rowsOf(List<Queued> batch, List<GrantWrite> grants) {
        Map<String, CallRow> byCall = new LinkedHashMap<>();
        for (Queued queued : batch) {
            if (!(queued instanceof Write write)) {
                grants.add((GrantWrite) queued);
                continue;
            }
            CallRow row = byCall.get(write.facts().callId());
            if (row == null) {
                byCall.put(write.facts().callId(), new CallRow(write));
            } else {
                row.then(write);
            }
        }
        return new ArrayList<>(byCall.values());
    }

    private void store(Connection connection, List<CallRow> rows, List<GrantWrite> grants) throws SQLException {
        if (!rows.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(upsert)) {
                Instant now = clock.instant();
                for (CallRow row : rows) {
                    CallRecordUpsert.bind(statement, CallRecordRow.of(row.latest.facts(), row.latest.state(), now));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        if (!grants.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement(grantInsert)) {
                for (GrantWrite grant : grants) {
                    CallbackGrantInsert.bind(statement, grant.grant());
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        }
        heartbeat.beatIn(connection);
    }

    /**
     * One bad record must not take the others with it: each row again in a transaction of its own, so only the
     * bad one fails. A database that cannot be reached at all fails them all with one line, not one per record.
     */
    private void oneByOne(List<CallRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            CallRow row = rows.get(i);
            try {
                Transactions.inTransaction(dataSource, connection -> {
                    store(connection, List.of(row), List.of());
                    return null;
                });
                commits.incrementAndGet();
                lastBeat = System.nanoTime();
                row.writes.forEach(Write::told);
            } catch (SQLException | RuntimeException e) {
                if (!reachable()) {
                    List<CallRow> rest = rows.subList(i, rows.size());
                    int lost = rest.stream().mapToInt(r -> r.writes.size()).sum();
                    failed.addAndGet(lost);
                    LOG.warning("call records: " + lost + " records not written, the database does not answer: "
                            + rootMessage(e));
                    rest.forEach(r -> r.writes.forEach(w -> w.failed(e)));
                    return;
                }
                failed.addAndGet(row.writes.size());
                Write latest = row.latest;
                LOG.warning("call records: cannot write " + latest.facts().callId() + " ("
                        + latest.state().text() + "): " + rootMessage(e));
                row.writes.forEach(w -> w.failed(e));
            }
        }
    }

    /** As {@link #oneByOne}, for the grants of a refused batch: only a bad grant fails; the outcome is told each. */
    private void grantsOneByOne(List<GrantWrite> grants) {
        boolean reachable = true;
        for (GrantWrite grant : grants) {
            try {
                if (!reachable) {
                    throw new SQLNonTransientConnectionException("the database does not answer");
                }
                Transactions.inTransaction(dataSource, connection -> {
                    store(connection, List.of(), List.of(grant));
                    return null;
                });
                commits.incrementAndGet();
                grant.stored();
            } catch (SQLException | RuntimeException e) {
                // one connection attempt for a database that is gone, not one per grant
                reachable = reachable && reachable();
                grant.outcome().failed(grant.grant(), e);
            }
        }
    }

    private boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private void finished(int count) {
        synchronized (progress) {
            done += count;
            progress.notifyAll();
        }
    }

    static String rootMessage(Throwable e) {
        return DatabaseErrors.describe(e);
    }
}
