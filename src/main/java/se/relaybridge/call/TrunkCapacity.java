package se.relaybridge.call;

import se.relaybridge.relay.RelayProfile;
import se.relaybridge.overload.TokenBucket;
import se.relaybridge.relay.TrunkSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Each relay trunk's capacity from its profile: at most {@code maxConcurrentCalls} calls at once and
 * {@code maxCallsPerSecond} new calls a second. Admission decisions run on many calls' executors at once,
 * hence the atomic counters. The rate is measured on a monotonic clock: the wall clock may be stepped back (NTP, a
 * test moving time), and a bucket that saw time run backwards would refuse a trunk's calls until it caught up.
 */
final class TrunkCapacity {

    private final LongSupplier monotonicNanos;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

    TrunkCapacity() {
        this(System::nanoTime);
    }

    TrunkCapacity(LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
    }

    /** Takes a place for a new call of this trunk; false when the trunk is at a limit. */
    boolean tryAdmit(Call call, RelayProfile profile) {
        TrunkSpec trunk = profile.trunk();
        Integer perSecond = trunk.maxCallsPerSecond();
        // a reloaded profile may change the rate: its bucket starts afresh then
        if (perSecond != null && !rates.compute(profile.id(), (id, bucket) -> bucket != null && bucket.rate() == perSecond
                ? bucket : new TokenBucket(perSecond, monotonicNanos)).tryTake()) {
            return false;
        }
        AtomicInteger calls = active.computeIfAbsent(profile.id(), id -> new AtomicInteger());
        Integer max = trunk.maxConcurrentCalls();
        if (max != null && calls.incrementAndGet() > max) {
            calls.decrementAndGet();
            return false;
        }
        if (max == null) {
            calls.incrementAndGet();
        }
        call.holdsTrunkSlot(profile.id());
        return true;
    }

    /** A call left the registry: its place on its trunk is free again. */
    void release(Call call) {
        String trunk = call.trunkSlot();
        if (trunk != null) {
            active.get(trunk).decrementAndGet();
        }
    }

    int activeCalls(String profileId) {
        AtomicInteger calls = active.get(profileId);
        return calls == null ? 0 : calls.get();
    }
}
