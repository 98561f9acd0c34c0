package se.relaybridge.routing;

import java.time.Instant;
import java.util.Map;

/**
 * What relaybridge last learnt of each queue target's health: from its OPTIONS pings and from the calls it placed.
 * A port: one node keeps it in memory ({@link LocalTargetHealth}); nodes of a cluster share one map, so that a
 * target one node saw fail is skipped by the others' next calls too. It only stores; which targets a call tries is
 * {@link TargetSelection}'s business.
 */
public interface TargetHealth {

    enum State { UNKNOWN, UP, DOWN }

    /**
     * @param at    when this was last learnt (a target still down is confirmed again by every ping)
     * @param cause what told: {@code OPTIONS}, {@code OPTIONS timeout}, {@code call 503}, {@code call timeout}…
     */
    record Status(State state, Instant at, String cause) {

        public static final Status UNKNOWN = new Status(State.UNKNOWN, Instant.EPOCH, "not asked yet");
    }

    /**
     * Stores what was learnt of {@code target}; answers what was known before (so the caller can log a change
     * once). Atomic per target.
     */
    Status put(String target, Status status);

    /** What is known of {@code target}; {@link Status#UNKNOWN} when nothing. */
    Status get(String target);

    /** Every target something is known of. */
    Map<String, Status> snapshot();

    default State state(String target) {
        return get(target).state();
    }
}
