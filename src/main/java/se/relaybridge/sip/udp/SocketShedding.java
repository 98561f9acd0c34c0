package se.relaybridge.sip.udp;

/**
 * What the UDP receive loop needs to refuse a new INVITE itself, before it waits for a message thread: the node's
 * limit on that wait, the {@code Retry-After} to give, whether an INVITE ({@link InviteKey}) was already passed on to the
 * stack (its retransmissions must go the same way, RFC 3261 §17.2.1), where to note one passed on, and where to count
 * a refusal (docs/overload.md).
 */
public interface SocketShedding {

    long maxLagMillis();

    int retryAfterSeconds();

    boolean passedOn(String inviteKey);

    void passingOn(String inviteKey);

    void refused(String inviteKey);
}
