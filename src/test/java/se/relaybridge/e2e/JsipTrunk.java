package se.relaybridge.e2e;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.ResponseEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The relay trunk: a UAC that calls 1177 through relaybridge, ACKs, and hangs up or is hung up on. */
final class JsipTrunk extends JsipPeer {

    private static final String SDP = """
            v=0
            o=relay 1 1 IN IP4 127.0.0.11
            s=-
            c=IN IP4 127.0.0.11
            t=0 0
            m=text 27098 RTP/AVP 98
            a=rtpmap:98 t140/1000
            """.replace("\n", "\r\n");

    private final BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
    /** Requests relaybridge sent to the trunk (a BYE when the queue hangs up). */
    final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> ports;

    JsipTrunk(String name, String host, Map<String, Integer> ports, Path keyStore, TestPki pki) throws Exception {
        super(name, host, ports, keyStore, pki);
        this.ports = ports;
    }

    /** Sends an INVITE for 1177 to relaybridge at {@code target} (host:port) over {@code transport}. */
    ClientTransaction invite(String target, String transport) throws Exception {
        SipURI requestUri = addresses.createSipURI("1177", target);
        requestUri.setTransportParam(transport);
        SipURI fromUri = addresses.createSipURI("relay", "texttelefoni.example");
        FromHeader from = headers.createFromHeader(addresses.createAddress(fromUri), "trunk" + System.nanoTime());
        ToHeader to = headers.createToHeader(addresses.createAddress(addresses.createSipURI("1177", "1177.se")), null);
        ViaHeader via = headers.createViaHeader(host, ports.get(transport), transport, null);
        CallIdHeader callId = provider.getNewCallId();
        CSeqHeader cseq = headers.createCSeqHeader(1L, Request.INVITE);
        Request invite = messages.createRequest(requestUri, Request.INVITE, callId, cseq, from, to, List.of(via),
                headers.createMaxForwardsHeader(70));
        SipURI contact = addresses.createSipURI("relay", host);
        contact.setPort(ports.get(transport));
        contact.setTransportParam(transport);
        invite.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
        invite.addHeader(headers.createHeader("X-Relay-Interpreter", "tolk-17"));
        ContentTypeHeader type = headers.createContentTypeHeader("application", "sdp");
        invite.setContent(SDP, type);
        ClientTransaction transaction = provider.getNewClientTransaction(invite);
        transaction.sendRequest();
        return transaction;
    }

    /** The next final response to {@code method} (others are skipped), or null after {@code seconds}. */
    Response finalResponse(String method, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Response r = responses.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (r == null || r.getStatusCode() >= 200
                    && method.equals(((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod())) {
                return r;
            }
        }
    }

    void ack(Dialog dialog, Response ok) throws Exception {
        long seq = ((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber();
        dialog.sendAck(dialog.createAck(seq));
    }

    void bye(Dialog dialog) throws Exception {
        ClientTransaction transaction = provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
        dialog.sendRequest(transaction);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event.getResponse());
    }

    /** Answers relaybridge's BYE (the queue hung up) with 200, and a re-INVITE (a transfer's new offer) with its SDP. */
    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        received.add(request);
        if (Request.INVITE.equals(request.getMethod())) {
            try {
                ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                        : provider.getNewServerTransaction(request);
                Response ok = messages.createResponse(Response.OK, request);
                SipURI contact = addresses.createSipURI("relay", host);
                contact.setPort(provider.getListeningPoints()[0].getPort());
                ok.addHeader(headers.createContactHeader(addresses.createAddress(contact)));
                ok.setContent(SDP, headers.createContentTypeHeader("application", "sdp"));
                transaction.sendResponse(ok);
            } catch (Exception e) {
                throw new IllegalStateException("trunk could not answer the re-INVITE", e);
            }
        } else if (Request.BYE.equals(request.getMethod())) {
            try {
                ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                        : provider.getNewServerTransaction(request);
                transaction.sendResponse(messages.createResponse(Response.OK, request));
            } catch (Exception e) {
                throw new IllegalStateException("trunk could not answer BYE", e);
            }
        }
    }
}
