package se.relaybridge.sip;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dialog set up on node A goes on on node B from its {@link DialogSnapshot} alone, after A's stack is gone: B's
 * BYE reaches the peer in the peer's own dialog, and the peer's in-dialog request reaches B in the restored dialog
 * with the sequence numbers going on from where A left them (issue 14: a node's loss loses no established call).
 */
class RestoredDialogTest {

    private Ua peer;
    private Ua nodeA;
    private Ua nodeB;

    @BeforeEach
    void start() throws Exception {
        peer = new Ua("restore-peer");
        nodeA = new Ua("restore-node-a");
        nodeB = new Ua("restore-node-b");
    }

    @AfterEach
    void stop() {
        for (Ua ua : new Ua[] {peer, nodeA, nodeB}) {
            if (ua != null) {
                ua.close();
            }
        }
    }

    @Test
    void theSnapshotHoldsWhatRfc3261NamesForTheDialog() throws Exception {
        Dialog answered = callNodeA("<sip:proxy-1.example;lr>", "<sip:proxy-2.example;lr>");
        DialogSnapshot snapshot = DialogSnapshot.of(answered);

        assertThat(snapshot.server()).isTrue();
        assertThat(snapshot.callId()).isEqualTo(answered.getCallId().getCallId());
        assertThat(snapshot.localTag()).isEqualTo("node-a-tag");
        assertThat(snapshot.remoteTag()).isEqualTo("peer-tag");
        assertThat(snapshot.remoteSeq()).isEqualTo(7);
        assertThat(snapshot.remoteTarget()).contains(":" + peer.port);
        // the UAS keeps the Record-Route values in the order received (RFC 3261 §12.1.1)
        assertThat(snapshot.routeSet()).containsExactly("<sip:proxy-1.example;lr>", "<sip:proxy-2.example;lr>");

        Dialog restored = RestoredDialog.restore(nodeB.provider, nodeB.messages, nodeB.headers, nodeB.addresses,
                snapshot);
        assertThat(restored.getState()).isEqualTo(DialogState.CONFIRMED);
        assertThat(restored.getDialogId()).isEqualTo(answered.getDialogId());
        assertThat(DialogSnapshot.of(restored)).isEqualTo(snapshot);
    }

    @Test
    void aByeFromTheOtherNodeEndsThePeersDialog() throws Exception {
        Dialog answered = callNodeA();
        // node A sent in the dialog before it died: B's requests must go on above A's last CSeq
        Request fromA = answered.createRequest(Request.INFO);
        answered.sendRequest(nodeA.provider.getNewClientTransaction(fromA));
        RequestEvent infoAtPeer = peer.request(Request.INFO);
        peer.respond(infoAtPeer, Response.OK);
        assertThat(nodeA.response().getResponse().getStatusCode()).isEqualTo(Response.OK);
        long lastOfA = ((CSeqHeader) infoAtPeer.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
        DialogSnapshot snapshot = DialogSnapshot.of(answered);
        assertThat(snapshot.localSeq()).isEqualTo(lastOfA);

        Dialog restored = onNodeBAfterNodeADied(snapshot);
        Request bye = restored.createRequest(Request.BYE);
        ClientTransaction transaction = nodeB.provider.getNewClientTransaction(bye);
        restored.sendRequest(transaction);

        RequestEvent atPeer = peer.request(Request.BYE);
        assertThat(atPeer.getDialog()).isSameAs(peer.dialog);
        assertThat(((CSeqHeader) atPeer.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber()).isGreaterThan(lastOfA);
        peer.respond(atPeer, Response.OK);
        assertThat(nodeB.response().getResponse().getStatusCode()).isEqualTo(Response.OK);
        assertThat(peer.dialog.getState()).isEqualTo(DialogState.TERMINATED);
    }

    @Test
    void thePeersNextRequestReachesTheRestoredDialog() throws Exception {
        Dialog restored = onNodeBAfterNodeADied(DialogSnapshot.of(callNodeA()));

        // as the front proxy would: the peer's request in the dialog, sent to the node that took it up
        Request info = peer.dialog.createRequest(Request.INFO);
        info.setRequestURI(nodeB.addresses.createSipURI("1177", "127.0.0.1:" + nodeB.port));
        peer.provider.getNewClientTransaction(info).sendRequest();

        RequestEvent atB = nodeB.request(Request.INFO);
        assertThat(atB.getDialog()).isSameAs(restored);
        assertThat(((CSeqHeader) atB.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber()).isEqualTo(8);
        nodeB.respond(atB, Response.OK);
        assertThat(peer.response().getResponse().getStatusCode()).isEqualTo(Response.OK);
        assertThat(restored.getRemoteSeqNumber()).isEqualTo(8);
    }

    @Test
    void thePeersReinviteIsAnsweredAndItsAckReachesTheRestoredDialog() throws Exception {
        Dialog restored = onNodeBAfterNodeADied(DialogSnapshot.of(callNodeA()));

        Request reinvite = peer.dialog.createRequest(Request.INVITE);
        reinvite.setRequestURI(nodeB.addresses.createSipURI("1177", "127.0.0.1:" + nodeB.port));
        reinvite.addHeader(peer.contact());
        ClientTransaction transaction = peer.provider.getNewClientTransaction(reinvite);
        peer.dialog.sendRequest(transaction);

        RequestEvent atB = nodeB.request(Request.INVITE);
        assertThat(atB.getDialog()).isSameAs(restored);
        ServerTransaction server = atB.getServerTransaction() != null ? atB.getServerTransaction()
                : nodeB.provider.getNewServerTransaction(atB.getRequest());
        Response ok = nodeB.messages.createResponse(Response.OK, atB.getRequest());
        ok.addHeader(nodeB.contact());
        server.sendResponse(ok);
        ResponseEvent answer = peer.response();
        assertThat(answer.getResponse().getStatusCode()).isEqualTo(Response.OK);
        peer.dialog.sendAck(peer.dialog.createAck(((CSeqHeader) answer.getResponse().getHeader(CSeqHeader.NAME))
                .getSeqNumber()));

        RequestEvent ack = nodeB.request(Request.ACK);
        assertThat(ack.getDialog()).isSameAs(restored);
    }

    /** Node A's stack is gone; node B restores the dialog from {@code snapshot}. */
    private Dialog onNodeBAfterNodeADied(DialogSnapshot snapshot) throws Exception {
        nodeA.close();
        nodeA = null;
        return RestoredDialog.restore(nodeB.provider, nodeB.messages, nodeB.headers, nodeB.addresses, snapshot);
    }

    /** The peer calls node A (CSeq 7, with {@code recordRoutes} in this order); A answers; the peer acknowledges. */
    private Dialog callNodeA(String... recordRoutes) throws Exception {
        SipURI target = peer.addresses.createSipURI("1177", "127.0.0.1:" + nodeA.port);
        Address from = peer.addresses.createAddress("\"Relay\" <sip:relay@127.0.0.1:" + peer.port + ">");
        Request invite = peer.messages.createRequest(target, Request.INVITE,
                peer.provider.getNewCallId(), peer.headers.createCSeqHeader(7L, Request.INVITE),
                peer.headers.createFromHeader(from, "peer-tag"),
                peer.headers.createToHeader(peer.addresses.createAddress(target), null),
                List.of(peer.headers.createViaHeader("127.0.0.1", peer.port, "udp", null)),
                peer.headers.createMaxForwardsHeader(70));
        invite.addHeader(peer.contact());
        for (String route : recordRoutes) {
            // added last, in the order given (addHeader would put a Record-Route on top, as a proxy does)
            ((gov.nist.javax.sip.message.SIPMessage) invite).addLast(peer.headers.createRecordRouteHeader(peer.addresses.createAddress(route)));
        }
        ClientTransaction call = peer.provider.getNewClientTransaction(invite);
        peer.dialog = peer.provider.getNewDialog(call);
        call.sendRequest();

        RequestEvent atA = nodeA.request(Request.INVITE);
        ServerTransaction server = nodeA.provider.getNewServerTransaction(atA.getRequest());
        Dialog dialog = nodeA.provider.getNewDialog(server);
        Response ok = nodeA.messages.createResponse(Response.OK, atA.getRequest());
        ((javax.sip.header.ToHeader) ok.getHeader(javax.sip.header.ToHeader.NAME)).setTag("node-a-tag");
        ok.addHeader(nodeA.contact());
        server.sendResponse(ok);

        ResponseEvent answer = peer.response();
        assertThat(answer.getResponse().getStatusCode()).isEqualTo(Response.OK);
        long seq = ((CSeqHeader) answer.getResponse().getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (recordRoutes.length == 0) {
            peer.dialog.sendAck(peer.dialog.createAck(seq));
            nodeA.request(Request.ACK);
        }
        assertThat(dialog.getState()).isIn(DialogState.CONFIRMED, DialogState.EARLY);
        return dialog;
    }

    /** A JAIN SIP user agent on a loopback port of its own that queues what it receives. */
    private static final class Ua implements SipListener {
        final SipStack stack;
        final SipProvider provider;
        final MessageFactory messages;
        final HeaderFactory headers;
        final AddressFactory addresses;
        final int port;
        volatile Dialog dialog;
        private final BlockingQueue<RequestEvent> requests = new LinkedBlockingQueue<>();
        private final BlockingQueue<ResponseEvent> responses = new LinkedBlockingQueue<>();

        Ua(String name) throws Exception {
            // a stack of its own, not SipFactory's: the factory is one per JVM and keeps stacks by name
            Properties properties = new Properties();
            properties.setProperty("javax.sip.STACK_NAME", name + "-" + System.nanoTime());
            properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
            properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
            properties.setProperty("gov.nist.javax.sip.IS_BACK_TO_BACK_USER_AGENT", "true");
            properties.setProperty("gov.nist.javax.sip.AGGRESSIVE_CLEANUP", "true");
            stack = new gov.nist.javax.sip.SipStackImpl(properties);
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
            provider = stack.createSipProvider(point);
            provider.addSipListener(this);
            messages = new gov.nist.javax.sip.message.MessageFactoryImpl();
            headers = new gov.nist.javax.sip.header.HeaderFactoryImpl();
            addresses = new gov.nist.javax.sip.address.AddressFactoryImpl();
            stack.start();
        }

        ContactHeader contact() throws Exception {
            return headers.createContactHeader(addresses.createAddress("<sip:ua@127.0.0.1:" + port + ">"));
        }

        RequestEvent request(String method) throws InterruptedException {
            while (true) {
                RequestEvent event = requests.poll(5, TimeUnit.SECONDS);
                assertThat(event).as(method + " received").isNotNull();
                if (event.getRequest().getMethod().equals(method)) {
                    return event;
                }
            }
        }

        ResponseEvent response() throws InterruptedException {
            ResponseEvent event = responses.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("a response").isNotNull();
            return event;
        }

        void respond(RequestEvent event, int status) throws Exception {
            ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                    : provider.getNewServerTransaction(event.getRequest());
            transaction.sendResponse(messages.createResponse(status, event.getRequest()));
        }

        void close() {
            stack.stop();
        }

        @Override
        public void processRequest(RequestEvent event) {
            requests.add(event);
        }

        @Override
        public void processResponse(ResponseEvent event) {
            if (event.getResponse().getStatusCode() >= 200) {
                responses.add(event);
            }
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
