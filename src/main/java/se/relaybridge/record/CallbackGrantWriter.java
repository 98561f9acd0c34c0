package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import se.relaybridge.callback.CallbackGrant;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Inserts callback grants on one thread of its own ({@value #THREAD_NAME}), so that issuing a grant never makes
 * a call wait for the database. One grant per transaction: grants come one per call, far fewer than records.
 * Logs name the call, never the token (the token is the permission) nor the person's number.
 */
final class CallbackGrantWriter {

    static final String THREAD_NAME = "relaybridge-callback-grants";
    private static final Logger LOG = Logger.getLogger(CallbackGrantWriter.class.getName());

    private final EntityManagerFactory factory;
    private final Consumer<CallbackGrant> written;
    private final ThreadPoolExecutor executor;
    private final AtomicLong failed = new AtomicLong();
    private volatile CountDownLatch pause;

    /** {@code written} is told of each grant that is in the database (or was there already). */
    CallbackGrantWriter(EntityManagerFactory factory, int capacity, Consumer<CallbackGrant> written) {
        this.factory = factory;
        this.written = written;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity),
                runnable -> {
                    Thread thread = new Thread(runnable, THREAD_NAME);
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Queues the insert; false, at once, when the queue is full or the writer stopped. */
    boolean submit(CallbackGrant grant) {
        try {
            executor.execute(() -> write(grant));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    long failed() {
        return failed.get();
    }

    private void write(CallbackGrant grant) {
        try {
            inTransaction(factory, em -> {
                // the first grant of a token stands: a second one with the same token is a bug, not a renewal
                if (em.find(CallbackGrantEntity.class, grant.token()) == null) {
                    em.persist(new CallbackGrantEntity(grant));
                }
                return null;
            });
            written.accept(grant);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warning("callback grants: cannot store the grant of call " + grant.callId()
                    + ", it holds only until relaybridge stops: " + CallRecordWriter.rootMessage(e));
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
            int left = executor.shutdownNow().size();
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
