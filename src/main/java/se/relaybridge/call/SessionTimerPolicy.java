package se.relaybridge.call;

import java.time.Duration;

/**
 * relaybridge's session timer settings (RFC 4028): the interval it asks the queue for, and the smallest it
 * accepts from the relay (a shorter one is answered 422 with Min-SE).
 */
public record SessionTimerPolicy(Duration sessionExpires, Duration minSe) {

    public static final SessionTimerPolicy DEFAULT = new SessionTimerPolicy(Duration.ofSeconds(1800), Duration.ofSeconds(90));
}
