package se.relaybridge.sip;

/**
 * Told of a request in a dialog this stack does not know, before the stack's dialog layer looks for it: the
 * {@code SipListener} that implements this may take the dialog up now (a call whose node is gone, restored with
 * {@link RestoredDialog}), and the request is then matched to it like any other — its CSeq checked, its
 * transaction joined to the dialog, the dialog's state brought on by the answer (RFC 3261 §12.2.2). Called on a SIP
 * stack thread: never block.
 */
public interface UnknownDialogListener {

    /** {@code callId}: the Call-ID of the request whose dialog is unknown here. */
    void onUnknownDialog(String callId);
}
