package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;

/**
 * {@code sessionTimer} in {@code sip.json} (RFC 4028): the session interval relaybridge asks the nurse queue
 * for, and the smallest interval it accepts from a relay (smaller gets 422 with Min-SE).
 */
public record SessionTimerSpec(Integer sessionExpiresSeconds, Integer minSeSeconds) {

    public static final SessionTimerSpec DEFAULT = new SessionTimerSpec(1800, 90);

    SessionTimerSpec validated(String file) {
        int expires = sessionExpiresSeconds == null ? DEFAULT.sessionExpiresSeconds : sessionExpiresSeconds;
        int minSe = minSeSeconds == null ? DEFAULT.minSeSeconds : minSeSeconds;
        // RFC 4028 puts Min-SE at 90 s or more between peers; smaller values are accepted for tests
        if (minSe < 2 || minSe > 86400) {
            throw new ConfigProblem(file, "sessionTimer.minSeSeconds", minSe + " is outside 2-86400");
        }
        if (expires < minSe || expires > 86400) {
            throw new ConfigProblem(file, "sessionTimer.sessionExpiresSeconds",
                    expires + " must be between minSeSeconds (" + minSe + ") and 86400");
        }
        return new SessionTimerSpec(expires, minSe);
    }
}
