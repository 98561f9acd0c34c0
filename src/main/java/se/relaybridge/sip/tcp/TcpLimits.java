package se.relaybridge.sip.tcp;

import se.relaybridge.config.ConfigProblem;

import java.time.Duration;

/**
 * {@code tcpLimits} in sip.json: what one TCP client may cost relaybridge. A connection whose message stalls for
 * {@code headerTimeoutSeconds} between two reads is closed; a stranger's connection that delivers no whole message
 * for {@code strangerIdleSeconds} is closed; a relay trunk's is kept however quiet it is (its calls may last an
 * hour). Connections over a limit are closed at accept, before any byte is read (docs/availability.md).
 */
public record TcpLimits(Integer connections, Integer connectionsPerSource, Integer connectionsPerTrunkSource,
                        Integer headerTimeoutSeconds, Integer strangerIdleSeconds) {

    public static final TcpLimits DEFAULT = new TcpLimits(null, null, null, null, null).validated("(defaults)");

    /** Fills the defaults and checks every field; the message names the file and the field. */
    public TcpLimits validated(String file) {
        return new TcpLimits(
                within(file, "connections", connections, 4096, 1, 100_000),
                within(file, "connectionsPerSource", connectionsPerSource, 8, 1, 10_000),
                within(file, "connectionsPerTrunkSource", connectionsPerTrunkSource, 256, 1, 10_000),
                within(file, "headerTimeoutSeconds", headerTimeoutSeconds, 10, 1, 600),
                within(file, "strangerIdleSeconds", strangerIdleSeconds, 60, 1, 86_400));
    }

    private static int within(String file, String field, Integer value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            throw new ConfigProblem(file, "tcpLimits." + field, value + " is outside " + min + "-" + max);
        }
        return value;
    }

    /** The stack's read timeout between two reads of one message (its {@code READ_TIMEOUT}). */
    public Duration headerTimeout() {
        return Duration.ofSeconds(headerTimeoutSeconds);
    }

    Duration strangerIdle() {
        return Duration.ofSeconds(strangerIdleSeconds);
    }
}
