package se.relaybridge.routing;

import java.time.Duration;

/**
 * When relaybridge gives up on one queue target and tries the next: no response at all within
 * {@code setupTimeout}, a 408, or a 5xx. A queue that has answered with 100 or 180 is ringing and is given
 * all the time it needs. Health tells which targets to try at all: see {@link TargetSelection}.
 */
public record FailoverPolicy(Duration setupTimeout, Duration retryAfter, Duration pingInterval, Duration pingTimeout) {

    public static final FailoverPolicy DEFAULT =
            new FailoverPolicy(Duration.ofSeconds(4), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(2));

    public boolean failsOver(int status) {
        return status == 408 || (status >= 500 && status < 600);
    }

    public boolean pings() {
        return !pingInterval.isZero();
    }

    /**
     * How long a target known to be down is skipped without being confirmed. Pings confirm a silent target every
     * interval, so two intervals and a timeout leave room for a late round; without pings only calls teach health,
     * and a target marked down by one is tried again once the {@code Retry-After} the refused relays were given
     * has passed.
     */
    public Duration downHold() {
        return pings() ? pingInterval.multipliedBy(2).plus(pingTimeout) : retryAfter;
    }
}
