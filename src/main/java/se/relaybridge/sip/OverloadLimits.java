package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;

/**
 * {@code overload} in {@code sip.json}: what this node admits before it sheds new calls with a stateless {@code 503}
 * and {@code Retry-After} (docs/overload.md). A new INVITE is refused when the heap after the last collection is
 * above {@code maxHeapPercent}, when {@code maxActiveCalls} calls are up, when more than {@code maxQueuedEvents} SIP
 * events wait for a worker or a received datagram has waited over {@code maxReceiveLagMillis} for a message thread
 * (the node is falling behind), or beyond {@code maxCallsPerSecond} new calls a second.
 * {@code trunkReservedPercent} of that rate is split evenly among the relay trunks, each share kept for its own
 * trunk, so that one trunk's burst cannot starve another; the rest is shared.
 */
public record OverloadLimits(Boolean enabled, Integer maxCallsPerSecond, Integer maxActiveCalls, Integer maxQueuedEvents,
                             Integer maxReceiveLagMillis, Integer maxHeapPercent, Integer trunkReservedPercent,
                             Integer retryAfterSeconds) {

    public static final OverloadLimits DEFAULT = new OverloadLimits(true, 2000, 30_000, 5000, 250, 90, 50, 2);

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    OverloadLimits validated(String file) {
        int rate = orDefault(maxCallsPerSecond, DEFAULT.maxCallsPerSecond);
        int active = orDefault(maxActiveCalls, DEFAULT.maxActiveCalls);
        int queued = orDefault(maxQueuedEvents, DEFAULT.maxQueuedEvents);
        int lag = orDefault(maxReceiveLagMillis, DEFAULT.maxReceiveLagMillis);
        int heap = orDefault(maxHeapPercent, DEFAULT.maxHeapPercent);
        int reserved = orDefault(trunkReservedPercent, DEFAULT.trunkReservedPercent);
        int retry = orDefault(retryAfterSeconds, DEFAULT.retryAfterSeconds);
        check(file, "maxCallsPerSecond", rate, 1, 1_000_000);
        check(file, "maxActiveCalls", active, 1, 10_000_000);
        check(file, "maxQueuedEvents", queued, 10, 10_000_000);
        // below 10 ms an ordinary scheduling hiccup of a busy machine would shed calls
        check(file, "maxReceiveLagMillis", lag, 10, 60_000);
        check(file, "maxHeapPercent", heap, 10, 100);
        check(file, "trunkReservedPercent", reserved, 0, 100);
        // RFC 3261 §21.5.4: a proxy in front may keep this node out of its set for that long; shedding is brief
        check(file, "retryAfterSeconds", retry, 0, 3600);
        return new OverloadLimits(isEnabled(), rate, active, queued, lag, heap, reserved, retry);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static void check(String file, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigProblem(file, "overload." + field, value + " is outside " + min + "-" + max);
        }
    }
}
