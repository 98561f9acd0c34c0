package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.CallState;
import se.relaybridge.call.EngineParts;
import se.relaybridge.call.InMemoryCallReplicas;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, in one JVM: two nodes keep their confirmed calls in one {@link InMemoryCallReplicas}; node A's SIP stack
 * dies with a call up, and a hang-up from either side, sent to node B as the front proxy would, ends the call on both
 * legs through B: the other side gets B's BYE in its own dialog, the call leaves B under its own id.
 */
class NodeLossTest {

    private static final int NODE_A = 38460;
    private static final int NODE_B = 38462;
    private static final int QUEUE_PORT = 38470;
    private static final int TRUNK_PORT = 38480;
    private static final int SPECIALIST_PORT = 38472;
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String WITH_TEXT = """
            v=0
            o=relay 1 2 IN IP4 127.0.0.11
            s=-
            c=IN IP4 127.0.0.11
            t=0 0
            m=audio 27096 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            m=text 27098 RTP/AVP 98
            a=rtpmap:98 t140/1000
            """.replace("\n", "\r\n");

    @TempDir
    Path configA;
    @TempDir
    Path configB;
    private final InMemoryCallReplicas replicas = new InMemoryCallReplicas();
    private final List<String> endedOnB = new CopyOnWriteArrayList<>();
    private RunningB2bua nodeA;
    private RunningB2bua nodeB;
    private JsipQueue queue;
    private JsipTrunk trunk;
    private JsipQueue specialist;

    @BeforeEach
    void start() throws Exception {
        String queueTarget = "sip:1177@127.0.0.1:" + QUEUE_PORT;
        // a 4 s session timer on the nurse's leg, relaybridge refreshing every 2 s
        String sipJson = "\"shutdownGraceSeconds\": 1, \"sessionTimer\": { \"sessionExpiresSeconds\": 4, \"minSeSeconds\": 2 }";
        TestConfig.writeWithSipJson(configA, NODE_A, sipJson, queueTarget);
        TestConfig.writeWithSipJson(configB, NODE_B, sipJson, queueTarget);
        nodeA = new RunningB2bua(configA, NODE_A, QUEUE_PORT, Clock.systemUTC(),
                EngineParts.inMemory().callReplicas(replicas).node("node-a"));
        nodeB = new RunningB2bua(configB, NODE_B, QUEUE_PORT, Clock.systemUTC(),
                EngineParts.inMemory().callReplicas(replicas).node("node-b"));
        nodeB.b2bua().registry().onFinished(call -> endedOnB.add(call.id() + " " + call.outcome()));
        queue = new JsipQueue("node-loss-queue", "127.0.0.1", QUEUE_PORT);
        specialist = new JsipQueue("node-loss-specialist", "127.0.0.1", SPECIALIST_PORT);
        trunk = new JsipTrunk("node-loss-trunk", "127.0.0.11", Map.of("udp", TRUNK_PORT), null, null);
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {trunk, queue, specialist, nodeA, nodeB}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // the next one is closed all the same
            }
        }
    }

    @Test
    void theRelaysByeToTheOtherNodeEndsTheNursesLegThroughIt() throws Exception {
        Dialog relay = callThroughNodeA();
        String callId = nodeA.b2bua().registry().active().iterator().next().id();
        killNodeA();

        ClientTransaction bye = trunk.sendInDialogTo(relay, Request.BYE, "127.0.0.1:" + NODE_B);

        assertThat(trunk.finalResponse(Request.BYE, 5)).as("200 to the relay's BYE")
                .extracting(Response::getStatusCode).isEqualTo(Response.OK);
        assertThat(bye.getDialog()).isSameAs(relay);
        Request nurseBye = await().atMost(LIMIT).until(() -> lastOf(queue.received, Request.BYE), r -> r != null);
        assertThat(((ViaHeader) nurseBye.getHeader(ViaHeader.NAME)).getPort()).as("sent by node B").isEqualTo(NODE_B);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB).containsExactly(callId + " completed:relay-hangup");
        assertThat(replicas.size()).isZero();
        assertThat(nodeB.b2bua().registry().size()).isZero();
    }

    @Test
    void theNursesByeToTheOtherNodeEndsTheRelaysLegThroughIt() throws Exception {
        callThroughNodeA();
        String callId = nodeA.b2bua().registry().active().iterator().next().id();
        killNodeA();

        queue.sendInDialogTo(queue.lastDialog(), Request.BYE, "127.0.0.1:" + NODE_B);

        Request relayBye = await().atMost(LIMIT).until(() -> lastOf(trunk.received, Request.BYE), r -> r != null);
        assertThat(((ViaHeader) relayBye.getHeader(ViaHeader.NAME)).getPort()).as("sent by node B").isEqualTo(NODE_B);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB).containsExactly(callId + " completed:queue-hangup");
        assertThat(replicas.size()).isZero();
    }

    @Test
    void theRelaysReinviteAddingTextReachesTheNurseThroughTheOtherNodeAndTheCallGoesOn() throws Exception {
        Dialog relay = callThroughNodeA();
        killNodeA();

        trunk.sendInDialogTo(relay, Request.INVITE, "127.0.0.1:" + NODE_B, WITH_TEXT);

        Response ok = trunk.finalResponse(Request.INVITE, 5);
        assertThat(ok).as("the relay's re-INVITE answered").isNotNull()
                .extracting(Response::getStatusCode).isEqualTo(Response.OK);
        assertThat(new String(ok.getRawContent())).contains("m=text 27098 RTP/AVP 98");
        Request reinvite = await().atMost(LIMIT).until(() -> lastOf(queue.received, Request.INVITE), r -> r != null
                && ((javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME)).getTag() != null);
        assertThat(((ViaHeader) reinvite.getHeader(ViaHeader.NAME)).getPort()).as("sent by node B").isEqualTo(NODE_B);
        assertThat(new String(reinvite.getRawContent())).contains("m=text 27098 RTP/AVP 98");
        // B answered with its own Contact: the relay's ACK and its next requests go to B (RFC 3261 §12.2.1.2)
        trunk.ack(relay, ok);
        await().atMost(LIMIT).until(() -> queue.methods().stream().filter(Request.ACK::equals).count() == 2);

        trunk.bye(relay);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB.get(0)).endsWith("completed:relay-hangup");
    }

    @Test
    void theNursesBlindTransferThroughTheOtherNodeKeepsTheRelay() throws Exception {
        Dialog relay = callThroughNodeA();
        killNodeA();

        queue.sendInDialogTo(queue.lastDialog(), Request.REFER, "127.0.0.1:" + NODE_B, null,
                queue.referTo("sip:1177@127.0.0.1:" + SPECIALIST_PORT));

        Request transferred = await().atMost(LIMIT).until(() -> lastOf(specialist.received, Request.INVITE),
                r -> r != null);
        assertThat(((ViaHeader) transferred.getHeader(ViaHeader.NAME)).getPort()).as("sent by node B")
                .isEqualTo(NODE_B);
        assertThat(transferred.getHeader("X-Relay-Service").toString()).contains("text");
        // the relay is offered the specialist's media, the nurse hears the transfer worked and is let go
        await().atMost(LIMIT).until(() -> lastOf(trunk.received, Request.INVITE), r -> r != null);
        await().atMost(LIMIT).until(() -> lastOf(queue.received, Request.BYE), r -> r != null);
        assertThat(queue.methods()).contains(Request.NOTIFY);

        trunk.bye(relay);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> lastOf(specialist.received, Request.BYE), r -> r != null);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB.get(0)).endsWith("completed:relay-hangup");
    }

    @Test
    void theOtherNodeTakesUpTheDeadNodesCallsAndRefreshesTheirSessions() throws Exception {
        Dialog relay = callThroughNodeA();
        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_A) > 0);
        killNodeA();

        assertThat(nodeB.b2bua().takeOverFrom("node-a")).isEqualTo(1);
        assertThat(nodeB.b2bua().takeOverFrom("node-a")).as("taken up once").isZero();

        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_B) >= 2);
        trunk.sendInDialogTo(relay, Request.BYE, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB.get(0)).endsWith("completed:relay-hangup");
        assertThat(replicas.size()).isZero();
    }

    /** Session refreshes (re-INVITE or UPDATE in the dialog) the nurse's phone received from the node on {@code port}. */
    private long refreshesFrom(int port) {
        return queue.received.stream()
                .filter(r -> r.getMethod().equals(Request.UPDATE) || r.getMethod().equals(Request.INVITE))
                .filter(r -> ((javax.sip.header.ToHeader) r.getHeader(javax.sip.header.ToHeader.NAME)).getTag() != null)
                .filter(r -> ((ViaHeader) r.getHeader(ViaHeader.NAME)).getPort() == port)
                .count();
    }

    @Test
    void aCallThatEndsOnItsOwnNodeLeavesNoReplica() throws Exception {
        Dialog relay = callThroughNodeA();
        trunk.bye(relay);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> nodeA.b2bua().registry().size() == 0);
        assertThat(replicas.size()).isZero();
    }

    /** A relay call through node A, answered by the queue and acknowledged: kept as a replica once confirmed. */
    private Dialog callThroughNodeA() throws Exception {
        ClientTransaction invite = trunk.invite("127.0.0.1:" + NODE_A, "udp");
        Response ok = trunk.finalResponse(Request.INVITE, 5);
        assertThat(ok).isNotNull().extracting(Response::getStatusCode).isEqualTo(Response.OK);
        trunk.ack(invite.getDialog(), ok);
        await().atMost(LIMIT).until(() -> nodeA.b2bua().registry().active().stream()
                .anyMatch(call -> call.state() == CallState.CONFIRMED));
        await().atMost(LIMIT).until(() -> replicas.size() == 1);
        return invite.getDialog();
    }

    /** Node A's SIP stack stops without a word, as in a crash: nothing it held is sent or answered any more. */
    private void killNodeA() {
        nodeA.b2bua().sip().provider().getSipStack().stop();
    }

    private static Request lastOf(List<Request> received, String method) {
        return received.stream().filter(r -> r.getMethod().equals(method)).reduce((a, b) -> b).orElse(null);
    }
}
