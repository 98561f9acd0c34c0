package se.relaybridge.call;

/** Where a relay call stands, from the relay's INVITE to the end of both legs. */
public enum CallState {
    /** INVITE received, not yet admitted. */
    OFFERED,
    /** INVITE sent to the queue, no provisional answer relayed yet. */
    PROCEEDING,
    /** A provisional answer from the queue has reached the relay. */
    EARLY,
    /** The queue answered; waiting for the relay's ACK. */
    ANSWERED,
    /** Both legs confirmed. */
    CONFIRMED,
    /** One side hung up or cancelled; the other is being released. */
    ENDING,
    /** Both legs released. */
    ENDED
}
