package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes call records on one thread of its own, so a SIP call never waits for the database. Calls hand their
 * facts to a bounded queue and return at once; the writer takes what has gathered, up to a batch, and writes it
 * in one transaction. One writer and one queue keep the writes of a call in the order they were made. When the
 * queue is full the record is dropped and counted rather than the call blocked.
 */
final class CallRecordWriter {

    static final String THREAD_NAME = "relaybridge-records";
    static final int DEFAULT_CAPACITY = 100_000;
    private static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(CallRecordWriter.class.getName());

    /** {@code stored}, when not null, completes once the write is committed (or has failed). */
    private record Write(CallFacts facts, RecordState state, CompletableFuture<Void> stored) {
        void told() {
            if (stored != null) {
                stored.complete(null);
            }
        }
    }

    private static final Write STOP = new Write(null, null, null);
    private static final long HEARTBEAT_MILLIS = 1000;

    private final EntityManagerFactory factory;
    private final Clock clock;
    private final BlockingQueue<Write> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final Object progress = new Object();
    private long done;
    private boolean paused;
    private final Thread thread;
    private final Heartbeat heartbeat;
    private long lastBeat = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);

    CallRecordWriter(EntityManagerFactory factory, Clock clock, int capacity) {
        this.factory = factory;
        this.clock = clock;
        this.heartbeat = new Heartbeat(factory, clock);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
    }

    void submit(CallFacts facts, RecordState state) {
        offer(new Write(facts, state, null));
    }

    /** As {@link #submit}, and tells when the record is committed; a dropped record's stage fails at once. */
    CompletionStage<Void> submitDurably(CallFacts facts, RecordState state) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (!offer(new Write(facts, state, stored))) {
            stored.completeExceptionally(new IllegalStateException("call records: the write queue is full"));
        }
        return stored;
    }

    private boolean offer(Write write) {
        if (queue.offer(write)) {
            accepted.incrementAndGet();
            return true;
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

    /** Writes what is queued, then ends the thread. */
    void stop(Duration timeout) throws InterruptedException {
        while (!queue.offer(STOP, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!thread.isAlive()) {
                return;
            }
        }
        thread.join(timeout.toMillis());
    }

    /** Holds the writer before its next batch (tests: a database that has fallen behind). */
    void pause() {
        synchronized (progress) {
            paused = true;
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
            while (paused) {
                progress.wait();
            }
        }
    }

    /** Ends the thread at once, leaving whatever is queued unwritten; as good as a crash, for tests. */
    void abandon() {
        thread.interrupt();
    }

    private void run() {
        List<Write> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                Write first = queue.poll(HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    awaitResume();
                    queue.drainTo(batch, BATCH - 1);
                }
                boolean stop = batch.remove(STOP);
                write(batch);
                batch.forEach(Write::told);
                finished(batch.size());
                batch.clear();
                beat();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private void write(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            inTransaction(batch);
        } catch (RuntimeException batchFailure) {
            // one bad record must not take the others with it: write them one by one to find it
            for (Write write : batch) {
                try {
                    inTransaction(List.of(write));
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    LOG.log(Level.WARNING, "call records: cannot write " + write.facts().callId() + " ("
                            + write.state().text() + "): " + rootMessage(e));
                }
            }
        }
    }

    private void inTransaction(List<Write> writes) {
        EntityManager em = factory.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            for (Write write : writes) {
                apply(em, write);
            }
            heartbeat.beatIn(em);
            tx.commit();
            lastBeat = System.nanoTime();
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    private void apply(EntityManager em, Write write) {
        CallFacts facts = write.facts();
        CallRecordEntity row = em.find(CallRecordEntity.class, facts.callId());
        if (row == null) {
            row = new CallRecordEntity(facts.callId());
            row.apply(facts, write.state(), clock.instant());
            em.persist(row);
        } else if (write.state() != RecordState.IN_PROGRESS || row.inProgress()) {
            // a late "started" never reopens a record that has ended
            row.apply(facts, write.state(), clock.instant());
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
