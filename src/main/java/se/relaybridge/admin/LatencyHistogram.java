package se.relaybridge.admin;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency distribution in fixed buckets, as Prometheus histograms are: each bucket counts the observations at or
 * below its bound ({@code le}), so that nodes can be added up and any quantile read with {@code histogram_quantile}.
 * Recorded without a lock from any thread (one {@link LongAdder} per bucket).
 */
final class LatencyHistogram {

    /** Bounds in seconds, from half a millisecond (a node at rest) to five seconds (one far behind). */
    static final double[] BOUNDS = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final long[] boundNanos = new long[BOUNDS.length];
    private final LongAdder[] counts = new LongAdder[BOUNDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram() {
        for (int i = 0; i < BOUNDS.length; i++) {
            boundNanos[i] = Math.round(BOUNDS[i] * 1e9);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < boundNanos.length && value > boundNanos[i]) {
            i++;
        }
        counts[i].increment();
        sumNanos.add(value);
    }

    /** Observations at or below {@code BOUNDS[bucket]}; {@code bucket == BOUNDS.length} is every observation. */
    long cumulative(int bucket) {
        long total = 0;
        for (int i = 0; i <= bucket && i < counts.length; i++) {
            total += counts[i].sum();
        }
        return total;
    }

    long count() {
        return cumulative(BOUNDS.length);
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
