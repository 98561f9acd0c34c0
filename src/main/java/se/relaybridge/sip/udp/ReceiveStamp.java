package se.relaybridge.sip.udp;

/**
 * When the datagram a message thread is parsing now left the socket ({@link System#nanoTime()}), so that the
 * request parsed from it can carry its own receive time (docs/overload.md, "INVITE in to INVITE out"). Set by the
 * message thread before the RI parses a datagram; 0 on any other thread (TCP, TLS, the stack's timers).
 */
public final class ReceiveStamp {

    private static final ThreadLocal<long[]> NOW = ThreadLocal.withInitial(() -> new long[1]);

    private ReceiveStamp() {
    }

    static void set(long nanos) {
        NOW.get()[0] = nanos;
    }

    /** The receive time of the datagram this thread is parsing, or 0 when it parses none. */
    public static long current() {
        return NOW.get()[0];
    }
}
