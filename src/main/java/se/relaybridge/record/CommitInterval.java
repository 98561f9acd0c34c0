package se.relaybridge.record;

import java.util.concurrent.TimeUnit;

/**
 * How long the records' writer lets writes gather before its next commit, from the rate they come at. A commit
 * costs about the same whether it holds a handful of rows or a hundred (H2 rewrites every page the transaction
 * dirtied, the roots and inner pages of each of its tables and indexes among them; PostgreSQL flushes its log), so
 * under load fewer, larger commits cut the CPU of a call several times over (docs/records-writer.md). A quiet node
 * keeps the short interval: it has CPU to spare, and its answered calls wait least. Bounded by {@link #MAX_NANOS},
 * which is all an answered call's 200 can be held up by it, a tenth of {@code answerStoredWithinMillis}' default.
 * Not thread-safe: the writer's thread alone uses it.
 */
final class CommitInterval {

    static final long MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    static final long MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * The interval in milliseconds is the write rate divided by this: 400 writes/s (about 100 calls/s, four writes
     * each with its grant) and more gather for the longest interval, 40 writes/s and fewer for the shortest.
     */
    static final double WRITES_PER_SECOND_PER_MILLI = 8;
    /** Half of the rate is the last batch's, half what came before: one odd batch moves the interval but a little. */
    private static final double SMOOTHING = 0.5;

    private double writesPerSecond;
    private long lastCommit = Long.MIN_VALUE;

    /** A batch of {@code writes} is being committed at {@code now} (nanoTime); answers when the next may begin. */
    long committing(int writes, long now) {
        if (lastCommit != Long.MIN_VALUE) {
            double seconds = Math.max(now - lastCommit, MIN_NANOS) / 1e9;
            writesPerSecond = SMOOTHING * writesPerSecond + (1 - SMOOTHING) * (writes / seconds);
        }
        lastCommit = now;
        return now + current();
    }

    /** The interval the next batch gathers for. */
    long current() {
        double millis = writesPerSecond / WRITES_PER_SECOND_PER_MILLI;
        long nanos = (long) (millis * 1e6);
        return Math.max(MIN_NANOS, Math.min(MAX_NANOS, nanos));
    }
}
