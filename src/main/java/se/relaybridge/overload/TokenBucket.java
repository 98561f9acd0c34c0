package se.relaybridge.overload;

import java.util.function.LongSupplier;

/**
 * Up to {@code rate} takes a second, refilled continuously, with a burst of one second's worth. Measured on a
 * monotonic clock: a wall clock stepped back (NTP, a test moving time) would refuse every take until it caught up.
 */
public final class TokenBucket {

    private final LongSupplier nanos;
    private final double rate;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double rate, LongSupplier nanos) {
        this.nanos = nanos;
        this.rate = rate;
        this.tokens = rate;
        this.lastNanos = nanos.getAsLong();
    }

    public double rate() {
        return rate;
    }

    /** Takes one token; false when none is left. */
    public synchronized boolean tryTake() {
        long now = nanos.getAsLong();
        tokens = Math.min(Math.max(rate, 1), tokens + Math.max(0, now - lastNanos) / 1e9 * rate);
        lastNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
