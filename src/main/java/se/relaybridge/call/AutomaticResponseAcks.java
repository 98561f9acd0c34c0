package se.relaybridge.call;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.SipProvider;
import javax.sip.message.Request;

/**
 * The ACK of an error the SIP stack answered on its own — the {@code 491} to a re-INVITE crossing one of
 * relaybridge's (RFC 3261 §14.2), the {@code 500} to a re-INVITE while another is pending. JAIN SIP RI 1.3.0-91
 * keeps such a transaction outside its transaction table, so the peer's ACK (same branch as the re-INVITE,
 * RFC 3261 §17.1.1.3) matches no transaction; when its CSeq number equals the one of the dialog's last 2xx to an
 * INVITE — the peer numbers its requests on its own, so that is common — the RI takes it for the ACK of that 2xx,
 * hands it to relaybridge as the dialog's ACK, and keeps retransmitting the 491 until Timer H. Such an ACK is
 * absorbed here, on its hop, before it could be taken for the ACK of a bridged answer.
 */
final class AutomaticResponseAcks {

    private AutomaticResponseAcks() {
    }

    /** True when {@code ack} acknowledged an error response the stack sent on its own; that transaction is then done. */
    static boolean absorb(SipProvider provider, Request ack) {
        if (!(provider.getSipStack() instanceof SIPTransactionStack stack) || !(ack instanceof SIPRequest request)
                || request.getTopmostVia() == null) {
            return false;
        }
        SIPServerTransaction pending = stack.findTransactionPendingAck(request);
        if (pending == null) {
            return false;
        }
        pending.setAckSeen();
        stack.removeTransaction(pending);
        stack.removeTransactionPendingAck(pending);
        return true;
    }
}
