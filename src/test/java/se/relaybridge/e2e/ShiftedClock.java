package se.relaybridge.e2e;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs at the real pace but from another moment, e.g. a Saturday night: opening hours can be tested
 * while per-second call limits and timers still see time pass.
 */
final class ShiftedClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void startFrom(Instant moment) {
        offset = Duration.between(Instant.now(), moment);
    }

    void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("relaybridge works in UTC and converts where it needs a zone");
    }
}
