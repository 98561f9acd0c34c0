package se.relaybridge.call;

import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.TrunkSpec;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each relay trunk's capacity from its profile: at most {@code maxConcurrentCalls} calls at once and
 * {@code maxCallsPerSecond} new calls a second. Admission decisions run on many calls' executors at once,
 * hence the atomic counters.
 */
final class TrunkCapacity {

    private final Clock clock;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> rates = new ConcurrentHashMap<>();

    TrunkCapacity(Clock clock) {
        this.clock = clock;
    }

    /** Takes a place for a new call of this trunk; false when the trunk is at a limit. */
    boolean tryAdmit(Call call, RelayProfile profile) {
        TrunkSpec trunk = profile.trunk();
        Integer perSecond = trunk.maxCallsPerSecond();
        if (perSecond != null && !rates.computeIfAbsent(profile.id(), id -> new TokenBucket(perSecond, clock))
                .tryTake(perSecond)) {
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

    /** Up to {@code rate} new calls a second, refilled continuously. */
    private static final class TokenBucket {
        private final Clock clock;
        private double tokens;
        private long lastNanos;

        TokenBucket(int rate, Clock clock) {
            this.clock = clock;
            this.tokens = rate;
            this.lastNanos = nanos();
        }

        synchronized boolean tryTake(int rate) {
            long now = nanos();
            tokens = Math.min(rate, tokens + (now - lastNanos) / 1e9 * rate);
            lastNanos = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        private long nanos() {
            var instant = clock.instant();
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
    }
}
