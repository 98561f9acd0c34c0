package se.relaybridge.call;

import se.relaybridge.sip.FrontProxy;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ObjectInUseException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;
import java.text.ParseException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The requests relaybridge sends to end or confirm one leg it placed: ACK of the leg's 2xx (with an SDP answer
 * when the offer was in that 2xx), its re-sending for a retransmitted 2xx, CANCEL and BYE. Each failure is logged
 * and leaves the leg in a state the call can still end from.
 */
final class LegRequests {

    private static final Logger LOG = Logger.getLogger(LegRequests.class.getName());

    private final SipMessaging messaging;
    private final FrontProxy front;

    LegRequests(SipMessaging messaging, FrontProxy front) {
        this.messaging = messaging;
        this.front = front;
    }

    /**
     * Sends the INVITE that opens {@code leg}: its client transaction, tagged with {@code purpose}, and its dialog.
     * Behind a cluster's front it goes by way of the front (a pre-existing route, RFC 3261 §8.1.2), which
     * record-routes it: the far end's requests in the dialog then pass the front, which can hand them to another
     * node when this one is gone (docs/cluster.md).
     */
    void invite(Leg leg, Request invite, TxPurpose purpose) throws SipException {
        if (front.outboundRoute().isPresent()) {
            try {
                invite.addFirst(messaging.sip().headers().createRouteHeader(
                        messaging.sip().addresses().createAddress(front.outboundRoute().get())));
            } catch (java.text.ParseException e) {
                throw new SipException("the front's route " + front.outboundRoute().get() + " is no SIP URI", e);
            }
        }
        ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(invite);
        transaction.setApplicationData(new TxTag(leg.call(), leg, purpose));
        leg.inviteClient(transaction);
        leg.dialog(messaging.sip().provider().getNewDialog(transaction));
        transaction.sendRequest();
    }

    /** ACKs the leg's 2xx, carrying {@code sdp} when not null; the ACK is kept to answer retransmissions. */
    boolean ack(Leg leg, byte[] sdp) {
        try {
            long cseq = ((CSeqHeader) leg.answer().getHeader(CSeqHeader.NAME)).getSeqNumber();
            Request ack = leg.dialog().createAck(cseq);
            if (sdp != null) {
                ack.setContent(sdp, messaging.sip().headers().createContentTypeHeader("application", "sdp"));
            }
            leg.noteSent(ack);
            leg.dialog().sendAck(ack);
            leg.ack(ack);
            return true;
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, leg.call().id() + " could not ACK the " + leg.role() + " leg", e);
            return false;
        }
    }

    /** The 2xx came again: its ACK was lost, send it again. */
    void reack(Leg leg) {
        if (leg.ack() == null) {
            return;
        }
        try {
            leg.dialog().sendAck((Request) leg.ack().clone());
        } catch (SipException | RuntimeException e) {
            LOG.log(Level.FINE, "re-ACK failed", e);
        }
    }

    void bye(Leg leg) {
        try {
            Request bye = leg.dialog().createRequest(Request.BYE);
            ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(bye);
            transaction.setApplicationData(new TxTag(leg.call(), leg, TxPurpose.BYE));
            leg.dialog().sendRequest(transaction);
        } catch (SipException | RuntimeException e) {
            LOG.log(Level.WARNING, leg.call().id() + " could not send BYE to the " + leg.role() + " leg", e);
            leg.released(true);
        }
    }

    /**
     * Gives up an INVITE that has had no response at all: RFC 3261 §9.1 forbids a CANCEL before a provisional, so its
     * retransmissions are stopped instead, or a target that comes back within Timer B would still get (and answer)
     * the abandoned call. The leg counts as released.
     */
    void silence(Leg leg) {
        leg.released(true);
        try {
            leg.inviteClient().terminate();
        } catch (ObjectInUseException | RuntimeException e) {
            LOG.log(Level.FINE, leg.call().id() + " the unanswered INVITE had ended already", e);
        }
    }

    /** CANCEL of the leg's INVITE, which must have had a provisional response (RFC 3261 §9.1). */
    void cancel(Leg leg) {
        leg.call().cancelPending(false);
        try {
            ClientTransaction cancel = messaging.sip().provider()
                    .getNewClientTransaction(leg.inviteClient().createCancel());
            cancel.setApplicationData(new TxTag(leg.call(), leg, TxPurpose.CANCEL));
            cancel.sendRequest();
        } catch (SipException | RuntimeException e) {
            LOG.log(Level.WARNING, leg.call().id() + " could not CANCEL the " + leg.role() + " leg", e);
            leg.released(true);
        }
    }
}
