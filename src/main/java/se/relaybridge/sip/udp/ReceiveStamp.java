package se.relaybridge.sip.udp;

/**
 * When the datagram a message thread is parsing now left the socket ({@link System#nanoTime()}), so that the
 * request parsed from it can carry its own receive time (docs/overload.md, "INVITE in to INVITE out"). Set by the
 * message thread before the RI parses a datagram; 0 on any other thread (TCP, TLS, the stack's timers).
 */
public final class ReceiveStamp {

    // [0]: the receive time; [1]: 1 when the receive loop held the datagram, a new INVITE, against the receive lag
    private static final ThreadLocal<long[]> NOW = ThreadLocal.withInitial(() -> new long[2]);

    private ReceiveStamp() {
    }

    static void set(long nanos, boolean lagJudged) {
        long[] now = NOW.get();
        now[0] = nanos;
        now[1] = lagJudged ? 1 : 0;
    }

    /** Whether the receive loop let the datagram this thread is parsing in after checking the receive lag. */
    public static boolean lagJudged() {
        return NOW.get()[1] == 1;
    }

    /** The receive time of the datagram this thread is parsing, or 0 when it parses none. */
    public static long current() {
        return NOW.get()[0];
    }
}
