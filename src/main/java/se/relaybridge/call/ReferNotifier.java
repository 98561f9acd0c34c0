package se.relaybridge.call;

import se.relaybridge.sip.Product;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The implicit subscription a REFER creates (RFC 3515 §2.4.4): NOTIFYs to the nurse who asked for the transfer,
 * each a {@code message/sipfrag} of the status line the transfer target gave.
 */
final class ReferNotifier {

    private static final Logger LOG = Logger.getLogger(ReferNotifier.class.getName());
    /** How long the nurse's phone should expect news of an unfinished transfer (RFC 3515 §2.4.7). */
    private static final int EXPIRES_SECONDS = 60;

    private final SipMessaging messaging;

    ReferNotifier(SipMessaging messaging) {
        this.messaging = messaging;
    }

    /** Tells the transferor how far the transfer got; a final status ends the subscription. */
    void notify(Transfer transfer, int status, String reason) {
        send(transfer, status, reason, TxPurpose.NOTIFY);
    }

    /**
     * Tells the transferor the transfer went through, ending the subscription; its answer (or its timeout) is the
     * moment to let her leg go ({@link TxPurpose#FINAL_NOTIFY}). False when it could not be sent: let her go now.
     */
    boolean notifySucceeded(Transfer transfer) {
        return send(transfer, Response.OK, "OK", TxPurpose.FINAL_NOTIFY);
    }

    private boolean send(Transfer transfer, int status, String reason, TxPurpose purpose) {
        Leg referer = transfer.referer();
        if (referer.released() || referer.dialog() == null) {
            return false; // the nurse has hung up: nobody is listening
        }
        boolean done = status >= 200;
        try {
            Request notify = referer.dialog().createRequest(Request.NOTIFY);
            EventHeader event = messaging.sip().headers().createEventHeader("refer");
            event.setEventId(String.valueOf(transfer.referCSeq()));
            notify.setHeader(event);
            SubscriptionStateHeader state = messaging.sip().headers().createSubscriptionStateHeader(
                    done ? SubscriptionStateHeader.TERMINATED : SubscriptionStateHeader.ACTIVE);
            if (done) {
                state.setReasonCode(SubscriptionStateHeader.NO_RESOURCE);
            } else {
                state.setExpires(EXPIRES_SECONDS);
            }
            notify.setHeader(state);
            notify.setHeader(messaging.contact(referer.transport()));
            notify.setHeader(messaging.sip().headers().createUserAgentHeader(List.of(Product.TOKEN)));
            ContentTypeHeader type = messaging.sip().headers().createContentTypeHeader("message", "sipfrag");
            type.setParameter("version", "2.0");
            notify.setContent(("SIP/2.0 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.UTF_8), type);
            ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(notify);
            transaction.setApplicationData(new TxTag(referer.call(), referer, purpose));
            referer.dialog().sendRequest(transaction);
            return true;
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, referer.call().id() + " could not NOTIFY the transfer's progress", e);
            return false;
        }
    }
}
