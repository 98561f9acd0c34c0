package se.relaybridge.call;

/** Why a client transaction was sent; its response is handled according to this tag. */
public enum TxPurpose {
    FORWARD_INVITE, CANCEL, BYE
}
