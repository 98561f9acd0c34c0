package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.runtime.DaemonThreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Inserts callback grants on one thread of its own ({@value #THREAD_NAME}), so that issuing a grant never makes
 * a call wait for the database. The grants waiting when the thread comes to them are written in one transaction,
 * never read first: one grant per call, and at a high call rate a transaction (and a find) per grant cost more than
 * the call itself (docs/overload.md). A batch the database refuses is written again grant by grant, so that one bad
 * grant fails alone. Logs name the call, never the token (the token is the permission) nor the person's number.
 */
final class CallbackGrantWriter {

    static final String THREAD_NAME = "relaybridge-callback-grants";
    private static final Logger LOG = Logger.getLogger(CallbackGrantWriter.class.getName());
    /** Grants in one transaction at most: a backlog is written in a few commits, none of them long. */
    static final int MAX_BATCH = 500;

    private final EntityManagerFactory factory;
    private final Consumer<CallbackGrant> written;
    private final BlockingQueue<CallbackGrant> pending;
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final ThreadPoolExecutor executor;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private volatile CountDownLatch pause;

    /** {@code written} is told of each grant that is in the database (or was there already). */
    CallbackGrantWriter(EntityManagerFactory factory, int capacity, Consumer<CallbackGrant> written) {
        this.factory = factory;
        this.written = written;
        this.pending = new ArrayBlockingQueue<>(capacity);
        // its tasks are drains of the grants, a flush's marker and a test's pause: a few at a time
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                DaemonThreads.named(THREAD_NAME), new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the insert; false, at once, when the queue is full or the writer stopped. */
    boolean submit(CallbackGrant grant) {
        if (executor.isShutdown() || !pending.offer(grant)) {
            return false;
        }
        // one drain queued at a time; a grant offered while a drain runs is taken by it or queues the next
        if (drainQueued.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainQueued.set(false);
                return !pending.remove(grant);
            }
        }
        return true;
    }

    long failed() {
        return failed.get();
    }

    /** Transactions that stored grants, since start: fewer than the grants when they come faster than one commit. */
    long commits() {
        return commits.get();
    }

    private void drain() {
        drainQueued.set(false);
        List<CallbackGrant> batch = new ArrayList<>();
        while (pending.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<CallbackGrant> batch) {
        try {
            inTransaction(factory, em -> {
                batch.forEach(grant -> em.persist(new CallbackGrantEntity(grant)));
                return null;
            });
            commits.incrementAndGet();
            batch.forEach(written);
        } catch (RuntimeException e) {
            LOG.fine(() -> "callback grants: a batch of " + batch.size() + " refused, written one by one: "
                    + DatabaseErrors.kind(e));
            batch.forEach(this::writeOne);
        }
    }

    private void writeOne(CallbackGrant grant) {
        try {
            inTransaction(factory, em -> {
                // the first grant of a token stands: a second one with the same token is a bug, not a renewal
                if (em.find(CallbackGrantEntity.class, grant.token()) == null) {
                    em.persist(new CallbackGrantEntity(grant));
                }
                return null;
            });
            commits.incrementAndGet();
            written.accept(grant);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warning("callback grants: cannot store the grant of call " + grant.callId()
                    + ", it holds only until relaybridge stops: " + DatabaseErrors.kind(e));
        }
    }

    /** Waits until every insert queued before this call is done (or failed); false on time-out or once stopped. */
    boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Future<?> marker = null;
        while (marker == null) {
            try {
                marker = executor.submit(() -> { });
            } catch (RejectedExecutionException e) {
                // a full queue makes room as the writer goes on; a stopped writer never will
                if (executor.isShutdown() || System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
        }
        try {
            marker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Holds the writer until {@link #resume} (tests: a database that hangs); returns once it is held. */
    void pause() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pause = release;
        executor.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
    }

    void resume() {
        CountDownLatch release = pause;
        if (release != null) {
            release.countDown();
        }
    }

    /** Writes what is queued, then ends the thread; what is still queued after {@code timeout} is logged and lost. */
    void stop(Duration timeout) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            executor.shutdownNow();
            int left = pending.size();
            LOG.warning("callback grants: the database did not take the last grants within " + timeout.toSeconds()
                    + " s, " + left + " not stored");
        }
    }

    /** Ends the thread at once, leaving whatever is queued unwritten; as good as a crash, for tests. */
    void abandon() {
        executor.shutdownNow();
    }

    static <T> T inTransaction(EntityManagerFactory factory, Function<EntityManager, T> work) {
        return Transactions.inTransaction(factory, work);
    }
}
