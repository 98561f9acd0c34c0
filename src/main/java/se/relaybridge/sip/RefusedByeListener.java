package se.relaybridge.sip;

/**
 * Told of a BYE that {@link DialogOrder} refused ({@code 500}, its CSeq not above the dialog's: RFC 3261 §12.2.2).
 * Its sender has ended its session all the same (RFC 3261 §15.1.1: media stops when the BYE is sent), so the call
 * cannot go on: the {@code SipListener} that implements this ends it. Called on a SIP stack thread: never block.
 */
public interface RefusedByeListener {

    /** {@code callId}: the Call-ID of the dialog whose BYE was refused. */
    void onRefusedBye(String callId);
}
