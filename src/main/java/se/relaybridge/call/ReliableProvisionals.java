package se.relaybridge.call;

import se.relaybridge.sip.Product;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reliable provisional responses (RFC 3262), per hop: relaybridge PRACKs the queue's reliable 18x itself,
 * and sends the relay its own reliable 18x when the relay requires them (or supports them and the 18x
 * carries SDP), one at a time, holding a 2xx until an SDP-bearing 18x has been PRACKed (RFC 3262 §3).
 */
final class ReliableProvisionals {

    private static final Logger LOG = Logger.getLogger(ReliableProvisionals.class.getName());
    static final String OPTION = "100rel";

    private final SipMessaging messaging;

    ReliableProvisionals(SipMessaging messaging) {
        this.messaging = messaging;
    }

    /** The queue sent a reliable provisional: acknowledge it on the queue's hop. */
    void prackIfReliable(Leg queue, Response provisional) {
        if (!hasOption(provisional, "Require") || provisional.getHeader("RSeq") == null) {
            return;
        }
        try {
            Request prack = queue.dialog().createPrack(provisional);
            ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(prack);
            transaction.setApplicationData(new TxTag(queue.call(), queue, TxPurpose.PRACK));
            queue.dialog().sendRequest(transaction);
        } catch (SipException | RuntimeException e) {
            LOG.log(Level.WARNING, queue.call().id() + " could not PRACK the queue's " + provisional.getStatusCode(), e);
        }
    }

    /**
     * Sends a provisional to the relay reliably when this relay wants that; false when it should go the
     * ordinary way. While an earlier reliable one is unacknowledged, the newest waits for the PRACK.
     */
    boolean toRelay(Leg relay, Response fromQueue) {
        Request invite = relay.invite();
        boolean sdp = fromQueue.getRawContent() != null && fromQueue.getRawContent().length > 0;
        if (!hasOption(invite, "Require") && !(sdp && hasOption(invite, "Supported"))) {
            return false;
        }
        if (relay.unackedReliable()) {
            relay.pendingProvisional(fromQueue);
            return true;
        }
        try {
            Response response = relay.dialog().createReliableProvisionalResponse(fromQueue.getStatusCode());
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(relay.localTag());
            response.setReasonPhrase(fromQueue.getReasonPhrase());
            SipMessaging.copyBody(fromQueue, response);
            response.setHeader(messaging.contact(relay.transport()));
            response.setHeader(messaging.sip().headers().createServerHeader(List.of(Product.TOKEN)));
            relay.noteSent(response);
            relay.dialog().sendReliableProvisionalResponse(response);
            relay.unackedReliable(true, sdp);
            if (sdp && !relay.reliableSdpSent()) {
                relay.reliableSdpSent(true);
                // the first SDP of a reliable 18x answers the relay's offer, or is relaybridge's offer (RFC 3262 §5)
                relay.earlyOfferOut(QueueInviteBuilder.sdpOf(invite) == null);
            }
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, relay.call().id() + " could not send a reliable " + fromQueue.getStatusCode()
                    + "; sending it unreliably", e);
            return false;
        }
        return true;
    }

    /** Whether a 2xx for the relay must wait: an SDP-bearing reliable 18x is not yet PRACKed. */
    boolean mustHoldAnswer(Leg relay) {
        return relay.unackedReliable() && relay.unackedReliableHadSdp();
    }

    /** The relay's PRACK: answered on its hop; then the provisional that waited for it goes out. */
    void onPrack(Leg relay, ServerTransaction prack) {
        messaging.reply(prack, Response.OK);
        relay.unackedReliable(false, false);
        relay.earlyOfferOut(false); // the PRACK carries the answer to an offer in the reliable 18x
        Response pending = relay.pendingProvisional();
        if (pending != null && !relay.finalResponseSent()) {
            relay.pendingProvisional(null);
            toRelay(relay, pending);
        }
    }

    static boolean hasOption(Message message, String header) {
        ListIterator<?> values = message.getHeaders(header);
        while (values != null && values.hasNext()) {
            for (String token : QueueInviteBuilder.valueOf((Header) values.next()).split(",")) {
                if (OPTION.equals(token.trim().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }
}
