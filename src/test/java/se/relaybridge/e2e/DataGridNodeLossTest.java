package se.relaybridge.e2e;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.board.BoardFeed;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.routing.TargetHealth;
import se.relaybridge.call.CallState;
import se.relaybridge.call.EngineParts;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackToken;
import se.relaybridge.callback.InMemoryCallbackTokens;
import se.relaybridge.callback.InMemoryScheduledCallbacks;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;
import se.relaybridge.cluster.DataGridNode;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14 on a real data grid, two nodes in one JVM each with a Hazelcast member of its own (the Hazelcast Payara
 * ships): node A dies with a call up — its SIP stack stopped and its member terminated, as a crash would — and node
 * B, told by the grid's membership, takes the call up from the grid's replica by itself: it refreshes the nurse's
 * session and the relay's BYE to it ends both legs.
 */
class DataGridNodeLossTest {

    private static final int NODE_A = 38660;
    private static final int NODE_B = 38662;
    private static final int QUEUE_PORT = 38670;
    private static final int TRUNK_PORT = 38680;
    private static final int GRID_A = 38690;
    private static final int GRID_B = 38691;
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final int TRUNK_LIMIT = 2;
    private static final int SILENT_NURSE_PORT = 38675;
    private static final int NURSE_PORT = 38676;

    @TempDir
    Path configA;
    @TempDir
    Path configB;
    private final List<String> endedOnB = new CopyOnWriteArrayList<>();
    private final List<String> endedOnA = new CopyOnWriteArrayList<>();
    private final InMemoryCallbackTokens grants = new InMemoryCallbackTokens();
    private final InMemoryScheduledCallbacks scheduled = new InMemoryScheduledCallbacks();
    private HazelcastInstance gridA;
    private HazelcastInstance gridB;
    private DataGridNode memberA;
    private DataGridNode memberB;
    private RunningB2bua nodeA;
    private RunningB2bua nodeB;
    private JsipQueue queue;
    private JsipTrunk trunk;

    @BeforeEach
    void start() throws Exception {
        String cluster = "relaybridge-test-" + System.nanoTime();
        gridA = Hazelcast.newHazelcastInstance(grid(cluster, GRID_A));
        gridB = Hazelcast.newHazelcastInstance(grid(cluster, GRID_B));
        await().atMost(LIMIT).until(() -> gridB.getCluster().getMembers().size() == 2);
        memberA = DataGridNode.join(gridA, "a");
        memberB = DataGridNode.join(gridB, "b");
        String queueTarget = "sip:1177@127.0.0.1:" + QUEUE_PORT;
        String sipJson = "\"shutdownGraceSeconds\": 1, \"sessionTimer\": { \"sessionExpiresSeconds\": 4, \"minSeSeconds\": 2 }";
        TestConfig.writeWithSipJson(configA, NODE_A, sipJson, queueTarget);
        TestConfig.writeWithSipJson(configB, NODE_B, sipJson, queueTarget);
        for (Path config : List.of(configA, configB)) {
            Path texttelefoni = config.resolve("relay-profiles/texttelefoni.json");
            Files.writeString(texttelefoni, Files.readString(texttelefoni)
                    .replaceAll("\"maxConcurrentCalls\": *[0-9]+", "\"maxConcurrentCalls\": " + TRUNK_LIMIT));
            // a nurse that never answers keeps an attempt going for a minute
            Files.writeString(config.resolve("sip-config/callbacks.json"), """
                    { "maxAttempts": 3, "retryAfterSeconds": 10, "nurseRingSeconds": 60, "personRingSeconds": 10 }
                    """);
        }
        // the cluster's shared stores (PostgreSQL in a cluster; contract-tested alike)
        nodeA = new RunningB2bua(configA, NODE_A, QUEUE_PORT, Clock.systemUTC(), EngineParts.inMemory()
                .callReplicas(memberA.replicas()).trunkSlots(memberA.trunkSlots()).sharedCalls(memberA.sharedCalls())
                .targetHealth(memberA.targetHealth()).node("a")
                .callbackTokens(grants).scheduledCallbacks(scheduled));
        nodeB = new RunningB2bua(configB, NODE_B, QUEUE_PORT, Clock.systemUTC(), EngineParts.inMemory()
                .callReplicas(memberB.replicas()).trunkSlots(memberB.trunkSlots()).sharedCalls(memberB.sharedCalls())
                .targetHealth(memberB.targetHealth()).node("b")
                .callbackTokens(grants).scheduledCallbacks(scheduled));
        memberA.runs(nodeA.b2bua());
        memberB.runs(nodeB.b2bua());
        nodeB.b2bua().registry().onFinished(call -> endedOnB.add(call.id() + " " + call.outcome()));
        nodeA.b2bua().registry().onFinished(call -> endedOnA.add(call.id() + " " + call.outcome()));
        queue = new JsipQueue("grid-loss-queue", "127.0.0.1", QUEUE_PORT);
        trunk = new JsipTrunk("grid-loss-trunk", "127.0.0.11", Map.of("udp", TRUNK_PORT), null, null);
    }

    /** A member on loopback that finds the other by TCP/IP only: never multicast (docs/cluster.md). */
    private static Config grid(String cluster, int port) {
        Config config = new Config().setClusterName(cluster).setInstanceName(cluster + "-" + port);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        // two members on one machine: the master need not wait for more to ask to join (Hazelcast's default 5 s)
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + GRID_A).addMember("127.0.0.1:" + GRID_B);
        return config;
    }

    @AfterEach
    void stop() {
        for (AutoCloseable closing : new AutoCloseable[] {trunk, queue, memberA, memberB, nodeA, nodeB}) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // the next one is closed all the same
            }
        }
        for (HazelcastInstance grid : new HazelcastInstance[] {gridA, gridB}) {
            if (grid != null && grid.getLifecycleService().isRunning()) {
                grid.getLifecycleService().terminate();
            }
        }
    }

    @Test
    void theSurvivorTakesTheDeadNodesCallUpByItselfAndCarriesItToItsEnd() throws Exception {
        Dialog relay = callThroughNodeA();
        String callId = nodeA.b2bua().registry().active().iterator().next().id();

        nodeA.b2bua().sip().provider().getSipStack().stop();
        gridA.getLifecycleService().terminate();

        await().atMost(LIMIT).until(() -> nodeB.b2bua().registry().call(callId).isPresent());
        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_B) >= 1);
        trunk.sendInDialogTo(relay, Request.BYE, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        Request nurseBye = await().atMost(LIMIT).until(() -> lastOf(queue.received, Request.BYE), r -> r != null);
        assertThat(((ViaHeader) nurseBye.getHeader(ViaHeader.NAME)).getPort()).as("sent by node B").isEqualTo(NODE_B);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB).containsExactly(callId + " completed:relay-hangup");
        await().atMost(LIMIT).until(() -> gridB.getReplicatedMap("relaybridge-calls").isEmpty());
    }

    @Test
    void aStoppingNodeHandsItsCallOverInsteadOfEndingIt() throws Exception {
        Dialog relay = callThroughNodeA();
        String callId = nodeA.b2bua().registry().active().iterator().next().id();

        nodeA.close(); // SIGTERM: the stop drains the node
        gridA.getLifecycleService().shutdown();
        nodeA = null;

        assertThat(queue.methods()).as("the nurse's leg was not ended by A").doesNotContain(Request.BYE);
        assertThat(trunk.received).as("the relay's leg was not ended by A").isEmpty();
        await().atMost(LIMIT).until(() -> nodeB.b2bua().registry().call(callId).isPresent());
        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_B) >= 1);
        trunk.sendInDialogTo(relay, Request.BYE, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB).containsExactly(callId + " completed:relay-hangup");
    }

    /** A queue target one node saw fail is skipped by the other's calls too: the health is shared. */
    @Test
    void aTargetOneNodeSawFailIsDownForTheOtherToo() {
        String target = "sip:1177@127.0.0.1:" + QUEUE_PORT;
        Instant now = Instant.now();
        memberA.targetHealth().put(target, new TargetHealth.Status(TargetHealth.State.DOWN, now, "call timeout"));
        await().atMost(LIMIT).until(() -> memberB.targetHealth().state(target) == TargetHealth.State.DOWN);
        assertThat(memberB.targetHealth().get(target).cause()).isEqualTo("call timeout");
        assertThat(nodeB.b2bua().targetHealth().state(target)).as("the engine's health is the shared one")
                .isEqualTo(TargetHealth.State.DOWN);
        memberB.targetHealth().put(target, new TargetHealth.Status(TargetHealth.State.UP, now.plusSeconds(1),
                "OPTIONS"));
        await().atMost(LIMIT).until(() -> memberA.targetHealth().state(target) == TargetHealth.State.UP);
        assertThat(memberA.targetHealth().put(target, new TargetHealth.Status(TargetHealth.State.DOWN,
                now.minusSeconds(5), "late news")).state()).isEqualTo(TargetHealth.State.UP);
        assertThat(memberA.targetHealth().state(target)).as("older news does not win").isEqualTo(TargetHealth.State.UP);
    }

    /** Each node's board and {@code /api/calls} show the whole cluster's calls (docs/cluster.md, "One view"). */
    @Test
    void eachNodesBoardShowsTheOtherNodesCallsThroughTheirEndAndANodesLoss() throws Exception {
        BoardFeed boardB = new BoardFeed();
        nodeB.b2bua().registry().watch(boardB);
        boardB.clusterWide();
        nodeB.b2bua().sharedCalls().follow(boardB);

        Dialog onA = callThroughNodeA();
        String callOfA = nodeA.b2bua().registry().active().iterator().next().id();
        await().atMost(LIMIT).until(() -> boardB.activeCalls().stream()
                .anyMatch(c -> c.callId().equals(callOfA) && c.state() == CallState.CONFIRMED));
        Dialog onB = callThrough(NODE_B);
        assertThat(boardB.activeCalls()).hasSize(2);

        trunk.bye(onB);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> boardB.activeCalls().size() == 1);

        // A dies: B takes its call up and goes on showing it, carried by B now
        nodeA.b2bua().sip().provider().getSipStack().stop();
        gridA.getLifecycleService().terminate();
        await().atMost(LIMIT).until(() -> nodeB.b2bua().registry().call(callOfA).isPresent());
        await().atMost(LIMIT).until(() -> boardB.activeCalls().stream().map(c -> c.callId()).toList()
                .equals(List.of(callOfA)));
        trunk.sendInDialogTo(onA, Request.BYE, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> boardB.activeCalls().isEmpty());
        assertThat(boardB.snapshot().recent()).extracting(c -> c.callId()).contains(callOfA);
    }

    /**
     * Node A is alive but was slow: the front sent a request of A's call to B, which takes the call up; A sees the
     * replica written by B and lets the call go unended, so that never two nodes send in one dialog
     * (docs/cluster.md, "Who carries a call").
     */
    @Test
    void aNodeThatWasOnlySlowLetsGoOfTheCallAnotherNodeTookUp() throws Exception {
        Dialog relay = callThroughNodeA();
        String callId = nodeA.b2bua().registry().active().iterator().next().id();
        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_A) >= 1);

        trunk.sendInDialogTo(relay, Request.INFO, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.INFO, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> nodeB.b2bua().registry().call(callId).isPresent());
        await().atMost(LIMIT).until(() -> nodeA.b2bua().registry().call(callId).isEmpty());
        assertThat(endedOnA).as("A let the call go without ending it").isEmpty();
        assertThat(memberB.trunkSlots().taken("texttelefoni")).as("one place, held by B now").isEqualTo(1);
        long fromA = refreshesFrom(NODE_A);
        await().atMost(LIMIT).until(() -> refreshesFrom(NODE_B) >= 1);

        trunk.sendInDialogTo(relay, Request.BYE, "127.0.0.1:" + NODE_B);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> !endedOnB.isEmpty());
        assertThat(endedOnB).containsExactly(callId + " completed:relay-hangup");
        assertThat(refreshesFrom(NODE_A)).as("A sends nothing in the call any more").isEqualTo(fromA);
        assertThat(queue.received.stream().filter(r -> r.getMethod().equals(Request.BYE))
                .map(r -> ((ViaHeader) r.getHeader(ViaHeader.NAME)).getPort())).containsExactly(NODE_B);
        assertThat(endedOnA).isEmpty();
    }

    /**
     * Issue 14, acceptance 4: a callback both nodes know of (each took up the store's pending callbacks, as a
     * survivor does) fires once: the store's claim lets one node dial it, the other stands aside.
     */
    @Test
    void aCallbackDueWhileBothNodesRunIsDialledByOneNodeOnly() throws Exception {
        Instant now = Instant.now();
        CallbackGrant grant = grant("rb-c1a5e0000000b0e5", now);
        grants.issue(grant);
        scheduled.insert(new ScheduledCallback("sc-both-nodes", grant.callId(), grant.token(), "texttelefoni",
                "sip:nurse@127.0.0.1:" + NURSE_PORT, now.plusSeconds(3), ScheduledCallbackState.PENDING,
                "test", now, List.of()));
        nodeA.b2bua().takeOverFrom("gone");
        nodeB.b2bua().takeOverFrom("gone");

        try (JsipQueue nurse = new JsipQueue("grid-nurse", "127.0.0.1", NURSE_PORT)) {
            await().atMost(LIMIT).until(() -> !nurse.received.isEmpty());
            Thread.sleep(2500); // both schedulers have checked it since it was due (every second)
            assertThat(nurse.received.stream().filter(r -> r.getMethod().equals(Request.INVITE))
                    .filter(r -> ((ToHeader) r.getHeader(ToHeader.NAME)).getTag() == null))
                    .as("the nurse is called once").hasSize(1);
        }
        List<String> dialling = new java.util.ArrayList<>(scheduled.dialledBy("a"));
        dialling.addAll(scheduled.dialledBy("b"));
        assertThat(scheduled.find("sc-both-nodes").orElseThrow().attempts().size() + dialling.size())
                .as("one attempt, made or being made").isEqualTo(1);
    }

    /**
     * Issue 14, acceptance 4: node A dies while it dials a scheduled callback (the nurse has not answered yet);
     * node B, told by the grid, ends that attempt as interrupted and dials the callback again at its retry time.
     */
    @Test
    void aCallbackBeingDialledByANodeThatDiesIsRetriedByTheSurvivor() throws Exception {
        String callId = "rb-c1a5e0000000d1ed";
        Instant now = Instant.now();
        grants.issue(grant(callId, now));
        String silentNurse = "sip:nurse@127.0.0.1:" + SILENT_NURSE_PORT;
        ScheduledCallback callback = nodeA.b2bua().callbacks().schedule(callId, now.plusSeconds(1), silentNurse,
                "test");
        await().atMost(LIMIT).until(() -> scheduled.dialledBy("a").contains(callback.id()));

        nodeA.b2bua().sip().provider().getSipStack().stop();
        gridA.getLifecycleService().terminate();

        await().atMost(Duration.ofSeconds(40)).until(() -> scheduled.dialledBy("b").contains(callback.id()));
        ScheduledCallback retried = scheduled.find(callback.id()).orElseThrow();
        assertThat(retried.state()).isEqualTo(ScheduledCallbackState.CALLING);
        assertThat(retried.attempts()).extracting(CallbackAttempt::outcome).containsExactly("interrupted");
    }

    /** A callback grant of a text relay call, as the call's node issued it. */
    private static CallbackGrant grant(String callId, Instant now) {
        String person = "+46812345678";
        return new CallbackGrant(CallbackToken.newToken(), callId, "texttelefoni", "text", person,
                RelaySessionJson.toJson(new RelaySession(RelaySession.SCHEMA_VERSION, callId, null, "text",
                        new RelaySession.Provider("texttelefoni", "Texttelefoni"), "tolk-4711", List.of("sv"),
                        List.of("audio", "text"), person, null, null, null, null, now, List.of(), null)),
                now, now.plus(Duration.ofHours(1)));
    }

    @Test
    void aTrunksLimitHoldsForTheClusterAsAWholeAndThroughANodesLoss() throws Exception {
        callThroughNodeA();
        Dialog onB = callThrough(NODE_B);
        assertThat(offeredTo(NODE_A)).as("the trunk's third call, on A").isEqualTo(Response.SERVICE_UNAVAILABLE);
        assertThat(offeredTo(NODE_B)).as("the trunk's third call, on B").isEqualTo(Response.SERVICE_UNAVAILABLE);

        nodeA.b2bua().sip().provider().getSipStack().stop();
        gridA.getLifecycleService().terminate();
        await().atMost(LIMIT).until(() -> nodeB.b2bua().registry().size() == TRUNK_LIMIT);
        await().atMost(LIMIT).until(() -> memberB.trunkSlots().taken("texttelefoni") == TRUNK_LIMIT
                && Integer.valueOf(2).equals(gridB.getReplicatedMap("relaybridge-trunk-slots").get("texttelefoni@b"))
                && !gridB.getReplicatedMap("relaybridge-trunk-slots").containsKey("texttelefoni@a"));
        assertThat(offeredTo(NODE_B)).as("A's call holds its place on B").isEqualTo(Response.SERVICE_UNAVAILABLE);

        trunk.bye(onB);
        assertThat(trunk.finalResponse(Request.BYE, 5)).extracting(Response::getStatusCode).isEqualTo(Response.OK);
        await().atMost(LIMIT).until(() -> memberB.trunkSlots().taken("texttelefoni") == TRUNK_LIMIT - 1);
        callThrough(NODE_B);
    }

    private Dialog callThroughNodeA() throws Exception {
        Dialog relay = callThrough(NODE_A);
        await().atMost(LIMIT).until(() -> gridB.getReplicatedMap("relaybridge-calls").size() == 1);
        return relay;
    }

    /** A relay call through the node on {@code port}, answered by the queue and acknowledged. */
    private Dialog callThrough(int port) throws Exception {
        RunningB2bua node = port == NODE_A ? nodeA : nodeB;
        int confirmed = confirmedOn(node);
        ClientTransaction invite = trunk.invite("127.0.0.1:" + port, "udp");
        Response ok = trunk.finalResponse(Request.INVITE, 5);
        assertThat(ok).isNotNull().extracting(Response::getStatusCode).isEqualTo(Response.OK);
        trunk.ack(invite.getDialog(), ok);
        await().atMost(LIMIT).until(() -> confirmedOn(node) == confirmed + 1);
        return invite.getDialog();
    }

    private static int confirmedOn(RunningB2bua node) {
        return (int) node.b2bua().registry().active().stream().filter(call -> call.state() == CallState.CONFIRMED)
                .count();
    }

    /** The final status of a new relay call offered to the node on {@code port}. */
    private int offeredTo(int port) throws Exception {
        trunk.invite("127.0.0.1:" + port, "udp");
        Response answer = trunk.finalResponse(Request.INVITE, 5);
        assertThat(answer).isNotNull();
        return answer.getStatusCode();
    }

    private long refreshesFrom(int port) {
        return queue.received.stream()
                .filter(r -> r.getMethod().equals(Request.UPDATE) || r.getMethod().equals(Request.INVITE))
                .filter(r -> ((ToHeader) r.getHeader(ToHeader.NAME)).getTag() != null)
                .filter(r -> ((ViaHeader) r.getHeader(ViaHeader.NAME)).getPort() == port)
                .count();
    }

    private static Request lastOf(List<Request> received, String method) {
        return received.stream().filter(r -> r.getMethod().equals(method)).reduce((a, b) -> b).orElse(null);
    }
}
