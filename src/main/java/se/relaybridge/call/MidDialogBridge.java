package se.relaybridge.call;

import se.relaybridge.sip.Product;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.Header;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bridges requests inside an established (or early) call from one leg to the other: re-INVITE (media added
 * or removed, hold, session refresh), UPDATE and INFO. Each is a new transaction on the other leg; its
 * responses come back to the original transaction, and the ACK of a bridged re-INVITE's 2xx is sent when the
 * originator's ACK arrives, so an answer carried in the ACK crosses too.
 */
final class MidDialogBridge {

    private static final Logger LOG = Logger.getLogger(MidDialogBridge.class.getName());
    private static final int MAX_RETRY_AFTER_SECONDS = 10;
    static final Set<String> BRIDGED = Set.of(Request.INVITE, Request.UPDATE, Request.INFO);
    private static final List<String> PASSED_THROUGH = List.of("Session-ID", "Info-Package", "Recv-Info",
            "Content-Disposition");
    /** A stranger's body is cut to what may cross, so its Content-Disposition no longer describes it. */
    private static final List<String> STRANGER_PASSED_THROUGH = List.of("Session-ID", "Info-Package", "Recv-Info");

    private final SipMessaging messaging;
    private final SessionTimers sessionTimers;

    MidDialogBridge(SipMessaging messaging, SessionTimers sessionTimers) {
        this.messaging = messaging;
        this.sessionTimers = sessionTimers;
    }

    void onRequest(Leg from, ServerTransaction transaction) {
        Request request = transaction.getRequest();
        String method = request.getMethod();
        Leg to = from.call().other(from);
        if (to == null || to.released() || from.released() || to.dialog() == null) {
            messaging.reply(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        if (from.call().transfer() != null && !Request.INFO.equals(method)) {
            // a transfer is moving the relay's media: another offer now would cross it
            messaging.reply(transaction, Response.REQUEST_PENDING);
            return;
        }
        boolean updateOffer = Request.UPDATE.equals(method) && QueueInviteBuilder.sdpOf(request) != null;
        if (Request.INVITE.equals(method) || updateOffer) {
            int refusal = PendingOffers.refusalOf(from);
            if (refusal == Response.REQUEST_PENDING) {
                // glare: an offer of ours towards this peer is pending (RFC 3261 §14.2, RFC 3311 §5.2)
                messaging.reply(transaction, Response.REQUEST_PENDING);
                return;
            }
            if (refusal != 0 || to.midDialogInviteIn() != null) {
                replyRetryLater(transaction);
                return;
            }
        }
        boolean stranger = StrangerInDialog.isStranger(from);
        StrangerInDialog.Body strangerBody = stranger ? StrangerInDialog.bodyOf(request, method) : null;
        if (stranger && strangerBody.refused()) {
            // nothing of it may reach the nurse (docs/trust-and-floods.md): refused on its own hop, never dropped
            replyUnsupportedMedia(transaction, StrangerInDialog.accepted(method));
            return;
        }
        try {
            Request out = to.dialog().createRequest(method);
            if (stranger) {
                strangerBody.setOn(out, messaging.sip().headers());
            } else {
                SipMessaging.copyBody(request, out);
            }
            for (String name : stranger ? STRANGER_PASSED_THROUGH : PASSED_THROUGH) {
                copyAll(request, out, name);
            }
            if (Request.INVITE.equals(method) || Request.UPDATE.equals(method)) {
                out.setHeader(messaging.contact(to.transport()));
            }
            out.setHeader(messaging.sip().headers().createUserAgentHeader(List.of(Product.TOKEN)));
            to.noteSent(out);
            ClientTransaction client = messaging.sip().provider().getNewClientTransaction(out);
            client.setApplicationData(new TxTag(from.call(), to, TxPurpose.MID_DIALOG, transaction));
            if (Request.INVITE.equals(method)) {
                SipMessaging.sendReinvite(to.dialog(), client);
            } else {
                to.dialog().sendRequest(client);
            }
            if (Request.INVITE.equals(method)) {
                from.midDialogInviteIn(transaction);
                to.midDialogInviteOut(true);
            } else if (updateOffer) {
                from.updateOfferIn(transaction);
                to.updateOfferOut(true);
            }
        } catch (SipException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, from.call().id() + " could not bridge " + method + " to the " + to.role(), e);
            messaging.reply(transaction, Response.SERVER_INTERNAL_ERROR);
        }
    }

    void onResponse(TxTag tag, Response response) {
        ServerTransaction peer = tag.peer();
        Leg to = tag.leg();
        Leg from = to.call().other(to);
        int status = response.getStatusCode();
        if (status == Response.TRYING) {
            return;
        }
        String method = ((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod();
        boolean invite = Request.INVITE.equals(method);
        if (status >= 200 && status < 300 && (invite || Request.UPDATE.equals(method))) {
            sessionTimers.refreshed(to);
            sessionTimers.refreshed(from);
        }
        if (invite && status >= 200) {
            to.midDialogInviteOut(false);
            from.midDialogInviteIn(null);
            if (status < 300) {
                to.midDialogAnswer(response);
            }
        }
        if (status >= 200) {
            updateOfferSettled(from, to, peer);
        }
        try {
            Response back = messaging.sip().messages().createResponse(status, peer.getRequest());
            if (StrangerInDialog.isStranger(to)) {
                // a stranger's answer to the nurse's request: its SDP alone, under the standard reason phrase
                StrangerInDialog.bodyOf(response, method).setOn(back, messaging.sip().headers());
            } else {
                back.setReasonPhrase(response.getReasonPhrase());
                SipMessaging.copyBody(response, back);
            }
            if (status > 100 && status < 300 && response.getHeader(ContactHeader.NAME) != null) {
                back.setHeader(messaging.contact(from.transport()));
            }
            copyAll(response, back, RetryAfterHeader.NAME);
            back.setHeader(messaging.sip().headers().createServerHeader(List.of(Product.TOKEN)));
            if (status >= 200 && status < 300 && !Request.INFO.equals(method)) {
                sessionTimers.decorateRelayAnswer(from, back);
            }
            from.noteSent(back);
            messaging.send(peer, back);
        } catch (ParseException | InvalidArgumentException e) {
            LOG.log(Level.WARNING, to.call().id() + " could not relay " + status, e);
        }
    }

    /** The originator's ACK for a bridged re-INVITE: acknowledge the other leg's 2xx with the same body. */
    boolean onAck(Leg from, Request ack) {
        Leg to = from.call().other(from);
        if (to == null || to.midDialogAnswer() == null) {
            return false;
        }
        Response answer = to.midDialogAnswer();
        to.midDialogAnswer(null);
        try {
            Request out = to.dialog().createAck(((CSeqHeader) answer.getHeader(CSeqHeader.NAME)).getSeqNumber());
            if (StrangerInDialog.isStranger(from)) {
                // an ACK cannot be refused: whatever of its body may not cross is left out
                StrangerInDialog.bodyOf(ack, Request.ACK).setOn(out, messaging.sip().headers());
            } else {
                SipMessaging.copyBody(ack, out);
            }
            to.noteSent(out);
            to.dialog().sendAck(out);
        } catch (SipException | InvalidArgumentException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, from.call().id() + " could not ACK the bridged re-INVITE", e);
        }
        return true;
    }

    void onTimeout(TxTag tag) {
        Leg to = tag.leg();
        Leg from = to.call().other(to);
        to.midDialogInviteOut(false);
        if (from != null) {
            from.midDialogInviteIn(null);
            updateOfferSettled(from, to, tag.peer());
        }
        messaging.reply(tag.peer(), Response.REQUEST_TIMEOUT);
    }

    /** The UPDATE {@code peer} has its final response: when it carried the pending offer, that offer is settled. */
    private static void updateOfferSettled(Leg from, Leg to, ServerTransaction peer) {
        if (from.updateOfferIn() == peer) {
            from.updateOfferIn(null);
            to.updateOfferOut(false);
        }
    }

    private void replyRetryLater(ServerTransaction transaction) {
        try {
            Response response = messaging.sip().messages().createResponse(Response.SERVER_INTERNAL_ERROR,
                    transaction.getRequest());
            // RFC 3261 §14.2, RFC 3311 §5.2: an offer while the peer's previous one is unanswered gets 500 with a
            // Retry-After chosen at random between 0 and 10 s
            response.setHeader(messaging.sip().headers().createRetryAfterHeader(
                    ThreadLocalRandom.current().nextInt(MAX_RETRY_AFTER_SECONDS + 1)));
            messaging.send(transaction, response);
        } catch (ParseException | InvalidArgumentException e) {
            LOG.log(Level.WARNING, "could not build 500", e);
        }
    }

    private void replyUnsupportedMedia(ServerTransaction transaction, List<String> accepted) {
        try {
            Response response = messaging.sip().messages().createResponse(Response.UNSUPPORTED_MEDIA_TYPE,
                    transaction.getRequest());
            for (String type : accepted) {
                String[] parts = type.split("/", 2);
                response.addHeader(messaging.sip().headers().createAcceptHeader(parts[0], parts[1]));
            }
            messaging.send(transaction, response);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, "could not build 415", e);
        }
    }

    static void copyAll(javax.sip.message.Message from, javax.sip.message.Message to, String name) {
        ListIterator<?> headers = from.getHeaders(name);
        while (headers != null && headers.hasNext()) {
            to.addHeader((Header) ((Header) headers.next()).clone());
        }
    }
}
