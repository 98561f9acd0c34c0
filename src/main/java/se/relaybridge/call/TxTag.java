package se.relaybridge.call;
import javax.sip.ServerTransaction;

/**
 * Application data of every client transaction: the call and leg it belongs to, why it was sent, and for a
 * request bridged from the other leg, the server transaction its responses go back to.
 */
public record TxTag(Call call, Leg leg, TxPurpose purpose, ServerTransaction peer) {

    public TxTag(Call call, Leg leg, TxPurpose purpose) {
        this(call, leg, purpose, null);
    }
}
