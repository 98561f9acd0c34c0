package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.routing.TargetHealth;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Issue 12, row 6 and the failover claims: what target health knows decides which queue targets a call tries
 * (docs/target-health.md). relaybridge in this JVM on 33000, the text relay trunk SIPp on 127.0.0.11:33001, queue
 * targets played by SIPp on 330x0 / 330x2. Each test writes its own {@code queues.json}; its setup timeout is set far
 * beyond the relay side's time limit where the claim is that relaybridge does not wait for it, so a relaybridge that
 * waited would fail the relay's scenario rather than a timing assertion.
 */
class TargetHealthCallTest implements InJvmCalls {

    private static final int SIP_PORT = 33000;
    private static final int RELAY_PORT = 33001;
    private static final Duration RELAY_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path configRoot;
    private RunningB2bua relaybridge;
    private final ShiftedClock clock = new ShiftedClock();

    @AfterEach
    void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Test
    void everyTargetKnownToBeDownGetsTheRelay503WithRetryAfterAtOnce() throws Exception {
        start(60, 30, 1, target(33010), target(33012));
        awaitState(target(33010), TargetHealth.State.DOWN);
        awaitState(target(33012), TargetHealth.State.DOWN);

        SippPeer relay = relayCall(Scenario.of("relay_uac_refused.xml").with("STATUS", "503"));

        assertThat(relay.awaitExit(RELAY_LIMIT.plusSeconds(5))).as("relay, refused without waiting 60 s per target"
                + relay.report()).isZero();
        List<SipText> refusal = seen(relay, true, "SIP/2.0 503", "INVITE");
        assertThat(refusal).hasSize(1);
        assertThat(refusal.get(0).header("Retry-After")).hasValue("30");
        assertNoCallLeft();
    }

    @Test
    void aTargetThatFailedACallIsSkippedByTheNextAndTakenBackOnceACallFindsItAnswering() throws Exception {
        start(60, 30, 0, target(33020), target(33022));
        Scenario refuses = Scenario.of("queue_uas_reject.xml").with("STATUS", "503").with("REASON", "Service Unavailable");

        SippPeer first = queueTarget(refuses, 33020);
        SippPeer backup = queueTarget(answers(), 33022);
        assertCompleted(relayCall(calls()), backup);
        assertThat(first.awaitExit(CALL_LIMIT)).as("first target" + first.report()).isZero();
        assertThat(health().get(target(33020))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TargetHealth.State.DOWN);
            assertThat(s.cause()).isEqualTo("call 503");
        });
        assertThat(health().state(target(33022))).isEqualTo(TargetHealth.State.UP);

        SippPeer skipped = queueTarget(refuses, 33020);
        backup = queueTarget(answers(), 33022);
        assertCompleted(relayCall(calls()), backup);
        skipped.kill();
        assertThat(skipped.receivedAll()).as("the target that failed the last call is skipped" + skipped.report())
                .noneMatch(m -> m.method().equals("INVITE"));

        // no ping confirms the mark (pings off): once the Retry-After the relays were given has passed, it is tried again
        clock.startFrom(Instant.now().plusSeconds(31));
        SippPeer mended = queueTarget(answers(), 33020);
        assertCompleted(relayCall(calls()), mended);
        assertThat(health().state(target(33020))).isEqualTo(TargetHealth.State.UP);
        assertNoCallLeft();
    }

    @Test
    void aSilentTargetIsSkippedThenTakenBackWhenItAnswersPingsAgain() throws Exception {
        start(60, 30, 1, target(33030), target(33032));
        awaitState(target(33030), TargetHealth.State.DOWN);

        SippPeer backup = queueTarget(answers(), 33032);
        assertCompleted(relayCall(calls()), backup);
        assertThat(health().state(target(33030))).as("still silent").isEqualTo(TargetHealth.State.DOWN);

        SippPeer first = queueTarget(answers(), 33030);
        assertThat(health().get(target(33030))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TargetHealth.State.UP);
            assertThat(s.cause()).isEqualTo("OPTIONS");
        });
        assertCompleted(relayCall(calls()), first);
        assertNoCallLeft();
    }

    @Test
    void aTargetSilentForSetupTimeoutSecondsIsLeftForTheNextAndSkippedByTheFollowingCall() throws Exception {
        start(2, 30, 0, target(33040), target(33042));
        SippPeer silent = queueTarget(Scenario.of("queue_uas_silent.xml").with("SILENCE_MILLISECONDS", "30000"), 33040);

        SippPeer backup = queueTarget(answers(), 33042);
        // 12 s: past the 2 s setup timeout, well before the 32 s an INVITE transaction would take to time out
        SippPeer relay = SippPeer.uac(calls(), TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), Duration.ofSeconds(12));
        assertCompleted(relay, backup);
        assertThat(health().get(target(33040))).satisfies(s -> {
            assertThat(s.state()).isEqualTo(TargetHealth.State.DOWN);
            assertThat(s.cause()).isEqualTo("call 408 or no answer");
        });

        backup = queueTarget(answers(), 33042);
        assertCompleted(relayCall(calls()), backup);
        silent.kill();
        assertThat(silent.receivedAll().stream().filter(m -> m.method().equals("INVITE"))
                .map(m -> m.header("Call-ID").orElseThrow()).distinct())
                .as("only the first call tried the silent target" + silent.report()).hasSize(1);
        assertNoCallLeft();
    }

    private void start(int setupTimeoutSeconds, int retryAfterSeconds, int pingIntervalSeconds, String... targets)
            throws Exception {
        TestConfig.write(configRoot, SIP_PORT, targets);
        Files.writeString(configRoot.resolve("sip-config/queues.json"), """
                { "defaultQueue": "nurse", "setupTimeoutSeconds": %d, "retryAfterSeconds": %d,
                  "ping": { "intervalSeconds": %d, "timeoutSeconds": 1 },
                  "queues": [ { "id": "nurse", "name": "test queue", "targets": ["%s"] } ] }
                """.formatted(setupTimeoutSeconds, retryAfterSeconds, pingIntervalSeconds, String.join("\", \"", targets)));
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, 33010, clock);
    }

    private static String target(int port) {
        return "sip:1177@127.0.0.1:" + port;
    }

    private TargetHealth health() {
        return relaybridge.b2bua().targetHealth();
    }

    private void awaitState(String target, TargetHealth.State state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> health().state(target) == state);
    }

    private SippPeer relayCall(Scenario scenario) {
        return SippPeer.uac(scenario, TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), RELAY_LIMIT);
    }

    private static Scenario calls() {
        return Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye");
    }

    private static Scenario answers() {
        return Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye");
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
