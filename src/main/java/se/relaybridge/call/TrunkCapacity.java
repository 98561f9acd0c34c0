package se.relaybridge.call;

import se.relaybridge.relay.RelayProfile;
import se.relaybridge.overload.TokenBucket;
import se.relaybridge.relay.TrunkSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Each relay trunk's capacity from its profile: at most {@code maxConcurrentCalls} calls at once — counted by
 * {@link TrunkSlots}, across the cluster when there is one — and {@code maxCallsPerSecond} new calls a second, per
 * node (docs/cluster.md). Admission decisions run on many calls' executors at once. The rate is measured on a monotonic clock: the wall clock may be stepped back (NTP, a
 * test moving time), and a bucket that saw time run backwards would refuse a trunk's calls until it caught up.
 */
final class TrunkCapacity {

    private final LongSupplier monotonicNanos;
    private final TrunkSlots slots;
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

    TrunkCapacity(TrunkSlots slots) {
        this(slots, System::nanoTime);
    }

    TrunkCapacity(TrunkSlots slots, LongSupplier monotonicNanos) {
        this.slots = slots;
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
        if (!slots.take(profile.id(), trunk.maxConcurrentCalls())) {
            return false;
        }
        call.holdsTrunkSlot(profile.id());
        return true;
    }

    /** A call taken up from a node that is gone keeps the place it held on its trunk, here now. */
    void adopted(Call call, String profileId) {
        slots.hold(profileId);
        call.holdsTrunkSlot(profileId);
    }

    /** A call left the registry: its place on its trunk is free again. */
    void release(Call call) {
        String trunk = call.trunkSlot();
        if (trunk != null) {
            slots.release(trunk);
        }
    }

    int activeCalls(String profileId) {
        return slots.taken(profileId);
    }
}
