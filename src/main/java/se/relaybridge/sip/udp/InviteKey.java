package se.relaybridge.sip.udp;

/**
 * One new INVITE and its retransmissions, as the receive loop and the overload gate remember them: its Call-ID and
 * CSeq number. A retransmission has both the same; a relay that tries the call again after a {@code 503} (at its
 * {@code Retry-After}) sends a new INVITE with a higher CSeq, which is judged afresh (RFC 3261 §8.1.3.4, §12.2.1.1),
 * even with the same Call-ID.
 */
public final class InviteKey {

    private InviteKey() {
    }

    public static String of(String callId, long cseq) {
        return cseq + " " + callId;
    }
}
