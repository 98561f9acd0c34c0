package se.relaybridge.overload;

import se.relaybridge.sip.OverloadLimits;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Decides whether this node takes one more call, before any work is done for it (docs/overload.md). It runs on
 * the SIP stack's message thread for every new INVITE, so each check is a read of a counter or one token bucket.
 * The checks go from the node's own health to the rate, so a call refused for a full heap spends no token.
 */
public final class LoadShedder {

    private final OverloadLimits limits;
    private final IntSupplier activeCalls;
    private final IntSupplier queuedEvents;
    private final LongSupplier receiveLagMillis;
    private final BooleanSupplier heapHigh;
    private final LongSupplier nanos;
    private final Map<ShedReason, LongAdder> shed = new EnumMap<>(ShedReason.class);
    private final LongAdder admitted = new LongAdder();
    private volatile Shares shares;

    public LoadShedder(OverloadLimits limits, IntSupplier activeCalls, IntSupplier queuedEvents,
                       LongSupplier receiveLagMillis, BooleanSupplier heapHigh, LongSupplier nanos) {
        this.limits = limits;
        this.activeCalls = activeCalls;
        this.queuedEvents = queuedEvents;
        this.receiveLagMillis = receiveLagMillis;
        this.heapHigh = heapHigh;
        this.nanos = nanos;
        for (ShedReason reason : ShedReason.values()) {
            shed.put(reason, new LongAdder());
        }
    }

    /**
     * Admits a new call from {@code trunk} (a relay profile id, or null for a source that is no relay trunk) among
     * the relay trunks {@code trunks} configured now; null when admitted, else why it is shed.
     */
    public ShedReason admit(String trunk, Set<String> trunks) {
        return admit(trunk, trunks, false);
    }

    /**
     * As {@link #admit(String, Set)}; {@code lagJudged}: the UDP receive loop has already held this INVITE against
     * the receive lag when it arrived and let it in, so it is not refused for the lag it then waited behind (that
     * 503 would come too late to help the relay: docs/overload.md).
     */
    public ShedReason admit(String trunk, Set<String> trunks, boolean lagJudged) {
        ShedReason reason = check(trunk, trunks, lagJudged);
        if (reason == null) {
            admitted.increment();
        } else {
            shed.get(reason).increment();
        }
        return reason;
    }

    private ShedReason check(String trunk, Set<String> trunks, boolean lagJudged) {
        if (heapHigh.getAsBoolean()) {
            return ShedReason.HEAP;
        }
        if (activeCalls.getAsInt() >= limits.maxActiveCalls()) {
            return ShedReason.ACTIVE_CALLS;
        }
        if (queuedEvents.getAsInt() > limits.maxQueuedEvents()) {
            return ShedReason.BACKLOG;
        }
        if (!lagJudged && receiveLagMillis.getAsLong() > limits.maxReceiveLagMillis()) {
            return ShedReason.RECEIVE_LAG;
        }
        return sharesFor(trunks).tryTake(trunk) ? null : ShedReason.RATE;
    }

    private Shares sharesFor(Set<String> trunks) {
        Shares current = shares;
        if (current == null || !current.trunks.equals(trunks)) {
            current = new Shares(trunks, limits, nanos);
            shares = current;
        }
        return current;
    }

    /** A new INVITE the UDP receive loop refused itself, the node's receive lag being over its limit. */
    public void shedAtSocket() {
        shed.get(ShedReason.RECEIVE_LAG).increment();
    }

    public long shed(ShedReason reason) {
        return shed.get(reason).sum();
    }

    public long admitted() {
        return admitted.sum();
    }

    /** SIP events waiting for a worker now. */
    public int queuedEvents() {
        return queuedEvents.getAsInt();
    }

    /** How long the oldest received datagram has waited for a message thread, now. */
    public long receiveLagMillis() {
        return receiveLagMillis.getAsLong();
    }

    /** The heap after the last collection, in percent of the maximum (0 before the first). */
    public int heapPercentAfterCollection() {
        return heapHigh instanceof HeapWatch watch ? watch.percentAfterCollection() : 0;
    }

    public OverloadLimits limits() {
        return limits;
    }

    /**
     * The node's rate split in buckets: one reserved for each relay trunk, tried first, and one shared by all (and
     * the only one a source that is no relay trunk may use). Rebuilt when the set of trunks changes.
     */
    private static final class Shares {
        private final Set<String> trunks;
        private final Map<String, TokenBucket> reserved = new ConcurrentHashMap<>();
        private final TokenBucket common;

        Shares(Set<String> trunks, OverloadLimits limits, LongSupplier nanos) {
            this.trunks = Set.copyOf(trunks);
            double rate = limits.maxCallsPerSecond();
            double reservedRate = trunks.isEmpty() ? 0 : rate * limits.trunkReservedPercent() / 100.0;
            for (String trunk : this.trunks) {
                reserved.put(trunk, new TokenBucket(reservedRate / trunks.size(), nanos));
            }
            this.common = new TokenBucket(rate - reservedRate, nanos);
        }

        boolean tryTake(String trunk) {
            TokenBucket own = trunk == null ? null : reserved.get(trunk);
            return own != null && own.tryTake() || common.tryTake();
        }
    }
}
