package se.relaybridge.call;

/** Application data of every client transaction: the call and leg it belongs to and why it was sent. */
public record TxTag(Call call, Leg leg, TxPurpose purpose) {
}
