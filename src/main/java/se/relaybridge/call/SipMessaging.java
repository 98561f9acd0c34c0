package se.relaybridge.call;

import gov.nist.javax.sip.stack.SIPDialog;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds and sends the messages both legs share: responses with our tag and Contact, bodies, product headers. */
final class SipMessaging {

    private static final Logger LOG = Logger.getLogger(SipMessaging.class.getName());

    private final SipContext sip;
    /** relaybridge's Contact per listening transport: built once (the RI parses a URI to build one), cloned for each use. */
    private final Map<String, ContactHeader> contacts = new ConcurrentHashMap<>();

    SipMessaging(SipContext sip) {
        this.sip = sip;
    }

    SipContext sip() {
        return sip;
    }

    /** A response to the relay's INVITE, carrying the relay leg's To tag and, for 18x/2xx, our Contact. */
    Response relayResponse(Leg relay, int status) throws ParseException {
        Response response = sip.messages().createResponse(status, relay.invite());
        if (status > 100) {
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(relay.localTag());
        }
        if (status > 100 && status < 300) {
            response.addHeader(contact(relay.transport()));
        }
        response.addHeader(sip.headers().createServerHeader(List.of(Product.TOKEN)));
        return response;
    }

    /** Sends a response and reports failure instead of throwing: a peer gone away must not break the call. */
    boolean send(ServerTransaction transaction, Response response) {
        try {
            transaction.sendResponse(response);
            return true;
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            // a peer that closed its connection is routine on TCP: one line for the operator, the trace when asked
            LOG.warning(() -> "could not send " + response.getStatusCode() + " " + methodOf(transaction) + ": " + e.getMessage());
            LOG.log(Level.FINE, "send failure", e);
            return false;
        }
    }

    /** Answers a request with a bare status (OPTIONS, 481, 405...). */
    void reply(ServerTransaction transaction, int status) {
        try {
            Response response = sip.messages().createResponse(status, transaction.getRequest());
            response.addHeader(sip.headers().createServerHeader(List.of(Product.TOKEN)));
            send(transaction, response);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, "could not build " + status, e);
        }
    }

    /** {@code 503} with {@code Retry-After} (RFC 3261 §21.5.4): relaybridge cannot take the request now. */
    void replyUnavailable(ServerTransaction transaction, int retryAfterSeconds) {
        try {
            Response response = sip.messages().createResponse(Response.SERVICE_UNAVAILABLE, transaction.getRequest());
            response.addHeader(sip.headers().createRetryAfterHeader(retryAfterSeconds));
            response.addHeader(sip.headers().createServerHeader(List.of(Product.TOKEN)));
            send(transaction, response);
        } catch (ParseException | InvalidArgumentException e) {
            LOG.log(Level.WARNING, "could not build 503", e);
        }
    }

    ContactHeader contact(String transport) throws ParseException {
        if (!sip.settings().hasTransport(transport)) {
            return newContact(transport);
        }
        ContactHeader template = contacts.get(transport);
        if (template == null) {
            template = newContact(transport);
            contacts.putIfAbsent(transport, template);
        }
        return (ContactHeader) template.clone();
    }

    private ContactHeader newContact(String transport) throws ParseException {
        int port = sip.settings().hasTransport(transport) ? sip.settings().port(transport) : sip.settings().port("udp");
        SipURI uri = sip.addresses().createSipURI(null, sip.settings().publicHost());
        uri.setPort(port);
        uri.setTransportParam(transport);
        return sip.headers().createContactHeader(sip.addresses().createAddress(uri));
    }

    /** ACKs the 2xx to a re-INVITE relaybridge sent on its own; {@code what} names it in a warning. */
    static void ackOwnReinvite(Leg leg, Response ok, String what) {
        try {
            Request ack = leg.dialog().createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber());
            leg.dialog().sendAck(ack);
        } catch (SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, leg.call().id() + " could not ACK " + what, e);
        }
    }

    /** Copies the body (SDP) of one message into another, with its Content-Type. */
    static void copyBody(Message from, Message to) throws ParseException {
        byte[] body = from.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) from.getHeader(ContentTypeHeader.NAME);
        if (body != null && body.length > 0 && type != null) {
            to.setContent(body, (ContentTypeHeader) type.clone());
        }
    }

    private static String methodOf(ServerTransaction transaction) {
        Request request = transaction.getRequest();
        return request == null ? "" : "to " + request.getMethod();
    }

    /**
     * Sends a re-INVITE of relaybridge's own inside {@code dialog} at once. As a back-to-back user agent, JAIN SIP
     * RI 1.3.0-91 hands each re-INVITE to a sender thread that first waits for the dialog's last server INVITE
     * transaction to terminate; over UDP that wait never ends (the RI signals termination only on TCP and TLS), so
     * a re-INVITE within Timer I (5 s) of a non-2xx answered on the same dialog — a 491 in glare, a refused
     * re-offer — was never sent and its thread never ended. RFC 3261 §14.1 asks only that the other INVITE be
     * answered (and, server side, confirmed); relaybridge keeps one INVITE at a time on each hop itself.
     */
    static void sendReinvite(Dialog dialog, ClientTransaction transaction) throws SipException {
        if (dialog instanceof SIPDialog ri) {
            ri.sendRequest(transaction, true);
        } else {
            dialog.sendRequest(transaction);
        }
    }
}
