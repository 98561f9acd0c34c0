package se.relaybridge.call;

import java.time.Duration;
import java.time.Instant;

/**
 * The session timer of one leg: how long the session lives without a refresh, whether relaybridge or the
 * peer refreshes, and when the last refresh succeeded.
 */
final class SessionTimer {

    private final Duration interval;
    private final boolean weRefresh;
    private Instant lastRefresh;
    private boolean refreshInFlight;

    SessionTimer(Duration interval, boolean weRefresh, Instant now) {
        this.interval = interval;
        this.weRefresh = weRefresh;
        this.lastRefresh = now;
    }

    Duration interval() {
        return interval;
    }

    boolean weRefresh() {
        return weRefresh;
    }

    /** Ticks come twice per interval: a refresh goes out at the half, and a session seen dead is ended. */
    Duration tick() {
        return interval.dividedBy(2);
    }

    void refreshed(Instant now) {
        lastRefresh = now;
        refreshInFlight = false;
    }

    boolean expired(Instant now) {
        return !now.isBefore(lastRefresh.plus(interval));
    }

    boolean refreshInFlight() {
        return refreshInFlight;
    }

    void refreshInFlight(boolean inFlight) {
        this.refreshInFlight = inFlight;
    }
}
