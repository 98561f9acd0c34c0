package se.relaybridge.overload;

import se.relaybridge.routing.NodeBehind;
import se.relaybridge.runtime.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How far behind this node is (docs/overload.md): the wait of the oldest received datagram that no message thread
 * has taken yet, and whether a thread of its own that should wake every {@value #SAMPLE_MILLIS} ms woke that late (a
 * collection pause, or cores busy elsewhere, stops the receive loop too, so such a stall leaves no datagram waiting
 * behind it). Either over {@code behindMillis} marks the node behind, remembered so that a timeout can be judged
 * by what the node was doing while it waited ({@link NodeBehind}).
 */
public final class NodeLag implements NodeBehind, AutoCloseable {

    static final long SAMPLE_MILLIS = 100;

    private final LongSupplier receiveLagMillis;
    private final long behindNanos;
    private final LongSupplier nanos;
    private volatile long lastSample;
    private volatile long lastBehind;
    private volatile boolean everBehind;
    private ScheduledExecutorService sampler;

    public NodeLag(LongSupplier receiveLagMillis, long behindMillis, LongSupplier nanos) {
        this.receiveLagMillis = receiveLagMillis;
        this.behindNanos = TimeUnit.MILLISECONDS.toNanos(behindMillis);
        this.nanos = nanos;
        this.lastSample = nanos.getAsLong();
    }

    /** Samples every {@value #SAMPLE_MILLIS} ms on a thread of its own until {@link #close()}. */
    public synchronized void start() {
        if (sampler != null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("relaybridge-lag"));
        lastSample = nanos.getAsLong();
        try {
            sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // closed meanwhile
        }
    }

    /** One look: the receive lag now, and how late this look is after the previous one. */
    void sample() {
        long now = nanos.getAsLong();
        long late = now - lastSample - TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS);
        lastSample = now;
        if (late > behindNanos || TimeUnit.MILLISECONDS.toNanos(receiveLagMillis()) > behindNanos) {
            lastBehind = now;
            everBehind = true;
        }
    }

    /** The wait of the oldest datagram not yet taken by a message thread, now; 0 when none waits. */
    public long receiveLagMillis() {
        return receiveLagMillis.getAsLong();
    }

    @Override
    public boolean within(Duration window) {
        return everBehind && nanos.getAsLong() - lastBehind <= window.toNanos()
                || TimeUnit.MILLISECONDS.toNanos(receiveLagMillis()) > behindNanos;
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }
}
