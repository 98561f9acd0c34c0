package se.relaybridge.cluster;

import se.relaybridge.runtime.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes to the data grid, one at a time and in the order they were asked for, on a thread of their own
 * (docs/cluster.md, "What the nodes share"). A replicated map's write waits for the member that owns the entry's
 * partition; while partitions move to a node that has just joined, that took seconds, and a call's executor — or a
 * SIP thread taking a call up — must never wait that long. A write that cannot be queued (the grid has been stuck for
 * a long time) is dropped and counted: the call goes on, only its survival of this node's loss is at stake.
 */
final class GridWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GridWriter.class.getName());
    private static final int QUEUE = 100_000;

    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE), DaemonThreads.named("relaybridge-grid-writer"));
    private final AtomicLong dropped = new AtomicLong();

    /** Queues {@code write}; {@code what} names it in the log should it fail. */
    void submit(String what, Runnable write) {
        try {
            thread.execute(() -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, what + " not written to the data grid", e);
                }
            });
        } catch (RejectedExecutionException full) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                LOG.warning(() -> "data grid writes dropped: " + dropped.get() + " (" + what + ")");
            }
        }
    }

    /** Waits until what was queued before this call is written, at most {@code limit}; false when it was not. */
    boolean awaitWritten(Duration limit) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            thread.execute(done::countDown);
            return done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
