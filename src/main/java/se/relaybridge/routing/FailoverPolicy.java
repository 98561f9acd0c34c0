package se.relaybridge.routing;

import java.time.Duration;

/**
 * When relaybridge gives up on one queue target and tries the next: no response at all within
 * {@code setupTimeout}, a 408, or a 5xx. A queue that has answered with 100 or 180 is ringing and is given
 * all the time it needs.
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
}
