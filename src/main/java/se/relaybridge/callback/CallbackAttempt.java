package se.relaybridge.callback;

import java.time.Instant;

/**
 * One try of a scheduled callback.
 *
 * @param outcome   {@code connected}, {@code nurse-busy}, {@code nurse-no-answer}, {@code nurse-failed},
 *                  {@code person-busy}, {@code person-no-answer}, {@code person-failed}, {@code grant-expired},
 *                  {@code no-callback-trunk}, {@code interrupted} or {@code internal-error}
 * @param sipStatus the final status that decided it, or null (no SIP response: time-out, nothing sent)
 * @param callId    relaybridge's call id of the attempt (its call record), or null when no call was placed
 */
public record CallbackAttempt(int number, Instant at, String outcome, Integer sipStatus, String callId) {

    public boolean connected() {
        return CONNECTED.equals(outcome);
    }

    public static final String CONNECTED = "connected";
}
