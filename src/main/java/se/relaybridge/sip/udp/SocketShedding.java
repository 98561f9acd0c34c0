package se.relaybridge.sip.udp;

import java.net.InetAddress;

/**
 * What the UDP receive loop needs to refuse a new INVITE itself, before it waits for a message thread: the node's
 * limit on that wait, the {@code Retry-After} to give, whether an INVITE ({@link InviteKey}) was already passed on to the
 * stack (its retransmissions must go the same way, RFC 3261 §17.2.1), where to note one passed on, and where to count
 * a refusal (docs/overload.md); and whether an OPTIONS probe may be answered there too.
 */
public interface SocketShedding {

    long maxLagMillis();

    int retryAfterSeconds();

    boolean passedOn(String inviteKey);

    void passingOn(String inviteKey);

    void refused(String inviteKey);

    /**
     * Whether the receive loop may answer an out-of-dialog OPTIONS from {@code source} itself while the node sheds:
     * the flood guard counts it and lets it pass.
     */
    boolean answersOptionsFrom(InetAddress source);

    /** The Allow header value of that answer, as the stack's own answer to an OPTIONS lists it. */
    String allow();
}
