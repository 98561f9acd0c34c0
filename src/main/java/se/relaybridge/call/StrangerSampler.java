package se.relaybridge.call;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Which refused INVITEs from strangers (no relay trunk) are recorded: at most one per source per interval, and at most
 * {@value #SAMPLES_PER_INTERVAL} in all per interval, so a flood from many (spoofed) addresses cannot fill the call
 * records either. Every one is counted; the rest are refused unrecorded (docs/trust-and-floods.md). The per-source
 * table is fixed in size: sources whose slot is taken by another source in the same interval share its sample.
 */
final class StrangerSampler {

    static final String REFUSED = "refused";
    static final String ADMITTED = "admitted";
    static final int SAMPLES_PER_INTERVAL = 100;
    private static final int SLOTS = 1024;

    private final LongSupplier nanos;
    private final long intervalNanos;
    private final long[] slotSampledAt = new long[SLOTS];
    private final boolean[] slotUsed = new boolean[SLOTS];
    private final Map<String, LongAdder> counts = Map.of(REFUSED, new LongAdder(), ADMITTED, new LongAdder());
    private final LongAdder sampled = new LongAdder();
    // the interval all sources share, for the global cap and the summary line
    private long intervalStart;
    private int samplesThisInterval;
    private final AtomicLong refusedSinceSummary = new AtomicLong();
    private final AtomicLong sampledSinceSummary = new AtomicLong();

    StrangerSampler(long intervalSeconds, LongSupplier monotonicNanos) {
        this.nanos = monotonicNanos;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(intervalSeconds);
        this.intervalStart = monotonicNanos.getAsLong();
    }

    /** Counts a refused INVITE from {@code source}; true when it is this interval's sample to record. */
    boolean refused(InetAddress source) {
        counts.get(REFUSED).increment();
        refusedSinceSummary.incrementAndGet();
        long now = nanos.getAsLong();
        int slot = source == null ? 0 : (source.hashCode() * 0x9E3779B9 >>> 22) & (SLOTS - 1);
        synchronized (this) {
            if (now - intervalStart >= intervalNanos) {
                intervalStart = now;
                samplesThisInterval = 0;
            }
            boolean due = !slotUsed[slot] || now - slotSampledAt[slot] >= intervalNanos;
            if (!due || samplesThisInterval >= SAMPLES_PER_INTERVAL) {
                return false;
            }
            slotUsed[slot] = true;
            slotSampledAt[slot] = now;
            samplesThisInterval++;
        }
        sampled.increment();
        sampledSinceSummary.incrementAndGet();
        return true;
    }

    /** Counts an admitted call from a stranger (it is recorded as every admitted call is). */
    void admitted() {
        counts.get(ADMITTED).increment();
    }

    /** INVITEs from strangers since start, by verdict ({@code refused}, {@code admitted}). */
    long count(String verdict) {
        LongAdder count = counts.get(verdict);
        return count == null ? 0 : count.sum();
    }

    /** Refused INVITEs that were recorded. */
    long sampled() {
        return sampled.sum();
    }

    /**
     * The summary since the last call: null when no stranger was refused unrecorded in that time, else the line to
     * log (one per interval, whatever the flood).
     */
    String summary(long intervalSeconds) {
        long refused = refusedSinceSummary.getAndSet(0);
        long recorded = sampledSinceSummary.getAndSet(0);
        if (refused == recorded) {
            return null;
        }
        return "strangers: " + refused + " INVITEs from no relay trunk refused in the last " + intervalSeconds
                + " s, " + recorded + " recorded, " + (refused - recorded) + " counted only";
    }
}
