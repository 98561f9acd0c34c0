package se.relaybridge.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How busy the demo is. {@link #standard()} is paced for a person watching the board; {@link #fast()} lets a test
 * see every kind of call end within seconds.
 *
 * @param callInterval       time between one caller's call attempts
 * @param callLength         how long a caller stays in an answered call before it hangs up
 * @param maxCallsPerCaller  calls one caller has going at once; at the limit it skips a turn
 * @param ringing            how long the desk rings before it answers
 * @param deskHangUp         when the desk hangs up itself, counted from its answer
 * @param deskHangUpShare    share of answered calls the desk hangs up itself
 * @param cancelShare        share of calls a caller gives up while it rings
 * @param callerPorts        local SIP ports for the callers; {@link PortRange#ANY} lets the system pick
 */
public record DemoSettings(Span callInterval, Span callLength, int maxCallsPerCaller, Span ringing, Span deskHangUp,
                           double deskHangUpShare, double cancelShare, PortRange callerPorts) {

    public DemoSettings {
        Objects.requireNonNull(callInterval, "callInterval");
        Objects.requireNonNull(callLength, "callLength");
        Objects.requireNonNull(ringing, "ringing");
        Objects.requireNonNull(deskHangUp, "deskHangUp");
        Objects.requireNonNull(callerPorts, "callerPorts");
        if (maxCallsPerCaller < 1) {
            throw new IllegalArgumentException("maxCallsPerCaller must be at least 1, not " + maxCallsPerCaller);
        }
        checkShare("deskHangUpShare", deskHangUpShare);
        checkShare("cancelShare", cancelShare);
    }

    /** A new call every 6–12 s per caller, calls of 20–60 s, the desk rings 1–3 s and hangs up a third itself. */
    public static DemoSettings standard() {
        return new DemoSettings(Span.ofMillis(6_000, 12_000), Span.ofMillis(20_000, 60_000), 3,
                Span.ofMillis(1_000, 3_000), Span.ofMillis(20_000, 40_000), 1.0 / 3, 1.0 / 8, PortRange.ANY);
    }

    /** For tests: a call every 0.2–0.5 s per caller lasting 1–2 s, so every outcome shows up within seconds. */
    public static DemoSettings fast() {
        return new DemoSettings(Span.ofMillis(200, 500), Span.ofMillis(1_000, 2_000), 3,
                Span.ofMillis(200, 400), Span.ofMillis(500, 1_500), 1.0 / 3, 1.0 / 8, PortRange.ANY);
    }

    public DemoSettings withCallerPorts(PortRange ports) {
        return new DemoSettings(callInterval, callLength, maxCallsPerCaller, ringing, deskHangUp, deskHangUpShare,
                cancelShare, ports);
    }

    private static void checkShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + share);
        }
    }

    /** A random length between {@code min} and {@code max}, both included. */
    public record Span(Duration min, Duration max) {

        public Span {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("a span needs 0 <= min <= max, not " + min + ".." + max);
            }
        }

        public static Span ofMillis(long min, long max) {
            return new Span(Duration.ofMillis(min), Duration.ofMillis(max));
        }

        long pickMillis(RandomGenerator random) {
            return random.nextLong(min.toMillis(), max.toMillis() + 1);
        }
    }

    /** Local ports to try in order, {@code from} to {@code to}; {@code 0..0} means any free port. */
    public record PortRange(int from, int to) {

        public static final PortRange ANY = new PortRange(0, 0);

        public PortRange {
            if (from < 0 || to > 65535 || to < from || (from == 0) != (to == 0)) {
                throw new IllegalArgumentException("a port range needs 1 <= from <= to <= 65535 (or 0..0 for any), not "
                        + from + ".." + to);
            }
        }

        boolean any() {
            return from == 0;
        }
    }
}
