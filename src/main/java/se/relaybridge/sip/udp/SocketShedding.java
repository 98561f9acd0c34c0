package se.relaybridge.sip.udp;

/**
 * What the UDP receive loop needs to refuse a new INVITE itself, before it waits for a message thread: the node's
 * limit on that wait, the {@code Retry-After} to give, whether a Call-ID is of a call already admitted (its
 * retransmissions must pass, RFC 3261 §17.2.1), and where to count a refusal (docs/overload.md).
 */
public interface SocketShedding {

    long maxLagMillis();

    int retryAfterSeconds();

    boolean admitted(String callId);

    void refused();
}
