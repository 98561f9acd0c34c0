package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.CallState;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 row 1, the parts between the first BYE and the stack's end: while a stop waits for a nurse phone that
 * never answers its BYE, a new call gets 503 with Retry-After; after the grace time the silent call leaves
 * relaybridge with its outcome all the same.
 */
class GracefulStopTest implements InJvmCalls {

    private static final int SIP_PORT = 36260;
    private static final int QUEUE_PORT = 36270;
    private static final int LATE_RELAY_PORT = 36291;

    @TempDir
    Path configRoot;
    private RunningB2bua relaybridge;
    private final List<String> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"shutdownGraceSeconds\": 3",
                "sip:1177@127.0.0.1:" + QUEUE_PORT);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
        relaybridge.b2bua().registry().onFinished(call -> outcomes.add(call.outcome()));
    }

    @AfterEach
    void stop() {
        relaybridge.close();
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }

    @Test
    void aNewCallDuringTheStopGets503AndACallWhoseNurseNeverAnswersTheByeIsLetGoAfterTheGraceTime() throws Exception {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "ignores_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        await().atMost(CALL_LIMIT).until(() -> relaybridge.b2bua().registry().active().stream()
                .anyMatch(call -> call.state() == CallState.CONFIRMED));
        Thread.sleep(800); // past the relay scenario's 300 ms settle pause after its ACK

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(relaybridge.b2bua()::stop);
        assertThat(relay.awaitExit(CALL_LIMIT)).as("the relay gets its BYE" + relay.report()).isZero();
        SippPeer late = SippPeer.uac(Scenario.of("relay_uac_refused.xml").with("STATUS", "503"), "127.0.0.12",
                LATE_RELAY_PORT, relaybridge(), CALL_LIMIT);
        assertThat(late.awaitExit(CALL_LIMIT)).as("a new call while stopping" + late.report()).isZero();
        assertThat(SipText.parseLog(late.messages())).filteredOn(m -> m.received() && m.startLine().startsWith("SIP/2.0 503"))
                .singleElement().satisfies(m -> assertThat(m.header("Retry-After")).isPresent());

        stopping.get();
        assertThat(relaybridge.b2bua().registry().size()).isZero();
        assertThat(outcomes).containsExactly("completed:shutdown");
        queue.kill();
    }
}
