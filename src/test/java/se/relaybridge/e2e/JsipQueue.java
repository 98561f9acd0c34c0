package se.relaybridge.e2e;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.SipURI;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The nurse queue: a UAS that answers every INVITE with 200 (echoing the SDP), and BYE and relaybridge's
 * OPTIONS probes with 200.
 */
final class JsipQueue extends JsipPeer {

    /** Every call request the queue received, in order (INVITE, ACK, BYE...); OPTIONS probes are not calls. */
    final List<Request> received = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile Dialog lastDialog;

    JsipQueue(String name, String host, int port) throws Exception {
        super(name, host, Map.of("udp", port), null, null);
        this.port = port;
    }

    List<String> methods() {
        return received.stream().map(Request::getMethod).toList();
    }

    void clear() {
        received.clear();
    }

    /** The dialog of the last call the queue answered. */
    Dialog lastDialog() {
        return lastDialog;
    }

    /** A Refer-To header for a blind transfer to {@code uri}. */
    javax.sip.header.Header referTo(String uri) throws Exception {
        return headers.createReferToHeader(addresses.createAddress(uri));
    }

    /** The nurse hangs up the last answered call. */
    void hangUp() throws Exception {
        Dialog dialog = lastDialog;
        ClientTransaction transaction = provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
        dialog.sendRequest(transaction);
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (!Request.OPTIONS.equals(request.getMethod())) {
            received.add(request);
        }
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        try {
            ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(request);
            Response response = messages.createResponse(Response.OK, request);
            if (Request.INVITE.equals(request.getMethod())) {
                if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null) {
                    ((ToHeader) response.getHeader(ToHeader.NAME)).setTag("queue" + System.nanoTime());
                }
                javax.sip.header.Header sessionExpires = request.getHeader("Session-Expires");
                if (sessionExpires != null) {
                    // the offered timer agreed to, relaybridge refreshing (RFC 4028 §9)
                    String interval = sessionExpires.toString().replaceAll("(?s)^[^:]*:\\s*(\\d+).*$", "$1");
                    response.setHeader(headers.createHeader("Session-Expires", interval + ";refresher=uac"));
                    response.setHeader(headers.createHeader("Require", "timer"));
                }
                SipURI contact = addresses.createSipURI("1177", host);
                contact.setPort(port);
                response.addHeader((ContactHeader) headers.createContactHeader(addresses.createAddress(contact)));
                if (request.getRawContent() != null) {
                    response.setContent(request.getRawContent(),
                            (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME).clone());
                }
            }
            transaction.sendResponse(response);
            if (Request.INVITE.equals(request.getMethod())
                    && ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() == null) {
                lastDialog = transaction.getDialog();
            }
        } catch (Exception e) {
            throw new IllegalStateException("queue could not answer " + request.getMethod(), e);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
    }
}
