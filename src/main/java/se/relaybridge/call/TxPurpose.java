package se.relaybridge.call;

/** Why a client transaction was sent; its response is handled according to this tag. */
public enum TxPurpose {
    /** The initial INVITE to the queue. */
    FORWARD_INVITE,
    /** CANCEL of the initial INVITE. */
    CANCEL,
    /** BYE relaybridge sends to end a leg. */
    BYE,
    /** A request inside the dialog (re-INVITE, UPDATE, INFO) bridged from the other leg. */
    MID_DIALOG,
    /** A session refresh (RFC 4028) relaybridge sends on its own. */
    REFRESH,
    /** relaybridge's PRACK of the queue's reliable provisional response (RFC 3262, per hop). */
    PRACK,
    /** An INFO telling the queue leg that the relay metadata changed (interpreter handover). */
    METADATA,
    /** The INVITE to a transfer target the nurse side named in a REFER. */
    TRANSFER_INVITE,
    /** A re-INVITE of relaybridge's own that gives a leg the media of its new other side (transfer). */
    REOFFER,
    /** A NOTIFY of a transfer's progress to the nurse who sent the REFER (RFC 3515). */
    NOTIFY,
    /**
     * The NOTIFY telling that nurse the transfer went through: her leg is let go only once it is answered, so the
     * BYE cannot overtake it on the way (a front's parallel workers may pass two requests on either way round).
     */
    FINAL_NOTIFY,
    /** A scheduled callback's INVITE to the nurse or the callback trunk (ThirdPartyCallback handles its answers). */
    THIRD_PARTY_INVITE
}
