package se.relaybridge.record;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.EngineParts;
import se.relaybridge.call.CallState;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.e2e.SippCalls;
import se.relaybridge.e2e.TestConfig;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real SIP calls through relaybridge in this JVM, recorded by the call records watcher: every call — completed,
 * refused, failed — has a record with its route and outcome, and the records are still there after a restart.
 * Run against H2 and against PostgreSQL.
 */
abstract class RecordedCallsContract extends DatabaseContract implements SippCalls {

    private static final int SIP_PORT = 27660;
    private static final int QUEUE_PORT = 27670;

    @TempDir
    Path configRoot;
    private ExecutorService pool;
    private B2bua b2bua;
    private CallRecords records;

    @BeforeEach
    void start() throws Exception {
        records = CallRecords.open(database.settings());
        // a stop after a test whose peers are gone waits for its BYEs no longer than a second
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"shutdownGraceSeconds\": 1",
                "sip:1177@127.0.0.1:" + QUEUE_PORT);
        pool = Executors.newFixedThreadPool(4);
        CallRecordWatcher watcher = new CallRecordWatcher(records);
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC(),
                EngineParts.inMemory().watch(watcher).answerJournal(watcher), running -> { });
    }

    @AfterEach
    void stop() throws Exception {
        if (b2bua != null) {
            b2bua.stop();
        }
        pool.shutdownNow();
        if (records != null) {
            records.close();
        }
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + SIP_PORT;
    }

    @Override
    public int queuePort() {
        return QUEUE_PORT;
    }

    @Override
    public int activeCalls() {
        return b2bua.registry().size();
    }

    @Test
    void everyCallHasARecordWithItsRouteAndOutcomeAndARestartKeepsThem() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("X-Relay-Municipality: 1480").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SippPeer stranger = relay(STRANGER, Scenario.of("relay_uac_refused.xml").with("STATUS", "403"));
        assertThat(stranger.awaitExit(CALL_LIMIT)).as(stranger.report()).isZero();
        SippPeer unanswered = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "503"));
        assertThat(unanswered.awaitExit(CALL_LIMIT)).as("nobody plays the queue" + unanswered.report()).isZero();
        assertNoCallLeft();
        assertThat(records.flush(Duration.ofSeconds(10))).isTrue();

        Map<String, CallRecordView> byOutcome = records.search(CallRecordQuery.all(0, 50)).items().stream()
                .collect(Collectors.toMap(r -> r.outcome().split(":")[0], Function.identity()));
        assertThat(byOutcome).containsOnlyKeys("completed", "refused", "failed");
        CallRecordView completed = byOutcome.get("completed");
        assertThat(completed.state()).isEqualTo("ended");
        assertThat(completed.outcome()).isEqualTo("completed:relay-hangup");
        assertThat(completed.hungUpBy()).isEqualTo("relay");
        assertThat(completed.profileId()).isEqualTo("texttelefoni");
        assertThat(completed.service()).isEqualTo("text");
        assertThat(completed.interpreterId()).isEqualTo("tolk-4711");
        assertThat(completed.region()).isEqualTo("14");
        assertThat(completed.routeEvidence()).isEqualTo("kommunkod");
        assertThat(completed.queue()).isEqualTo("nurse");
        assertThat(completed.sessionId()).startsWith("0123456789abcdef0123456789abcdef");
        assertThat(completed.targetsTried()).containsExactly("sip:1177@127.0.0.1:" + QUEUE_PORT);
        assertThat(completed.answeredAt()).isAfterOrEqualTo(completed.offeredAt());
        assertThat(completed.endedAt()).isAfterOrEqualTo(completed.answeredAt());
        assertThat(completed.relayJson()).contains("\"route\":{", "\"evidence\":\"kommunkod\"");
        assertThat(byOutcome.get("refused").outcome()).isEqualTo("refused:403:not-a-relay-trunk");
        assertThat(byOutcome.get("refused").profileId()).isNull();
        assertThat(byOutcome.get("failed").outcome()).isEqualTo("failed:no-queue-target");
        assertThat(byOutcome.get("failed").answeredAt()).isNull();

        records.close();
        records = CallRecords.open(database.settings());

        assertThat(records.interruptedAtStart()).isZero();
        assertThat(records.byCallId(completed.callId())).contains(completed);
        assertThat(records.search(CallRecordQuery.all(0, 50)).total()).isEqualTo(3);
    }

    /**
     * Issue 12 row 2: the process dies the moment the relay has its 200. The answered call's record is there on the
     * next start, with its answer time, and it ends when relaybridge was last alive — not at the restart an hour on.
     */
    @Test
    void anAnsweredCallsRecordSurvivesACrashRightAfterTheAnswerWithItsAnswerAndEndTimes() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        try {
            await().atMost(CALL_LIMIT).until(() -> b2bua.registry().active().stream()
                    .anyMatch(call -> call.state() == CallState.ANSWERED || call.state() == CallState.CONFIRMED));
            String callId = b2bua.registry().active().iterator().next().id();
            Instant crash = Instant.now();
            records.closeAbruptly();
            records = null;

            records = CallRecords.open(database.settings(), Clock.offset(Clock.systemUTC(), Duration.ofHours(1)),
                    CallRecordWriter.DEFAULT_CAPACITY);

            assertThat(records.interruptedAtStart()).isEqualTo(1);
            CallRecordView interrupted = records.byCallId(callId).orElseThrow();
            assertThat(interrupted.state()).isEqualTo("interrupted");
            assertThat(interrupted.answeredAt()).as("answer time").isNotNull().isBefore(crash);
            assertThat(interrupted.endedAt()).as("end: when relaybridge was last alive")
                    .isAfterOrEqualTo(interrupted.answeredAt()).isBefore(crash.plusSeconds(5));
        } finally {
            relay.kill();
            queue.kill();
        }
    }

    /**
     * Issue 12 row 1: relaybridge stops with a call up. Both legs get BYE (each SIPp side finishes its scenario only
     * if it does) and the call's record is final before the stop returns.
     */
    @Test
    void aStopEndsEveryCallOnBothLegsAndFinalisesItsRecord() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        await().atMost(CALL_LIMIT).until(() -> b2bua.registry().active().stream()
                .anyMatch(call -> call.state() == CallState.CONFIRMED));
        String callId = b2bua.registry().active().iterator().next().id();
        pastTheRelaysSettlePause();

        b2bua.stop();

        assertThat(b2bua.registry().size()).as("calls left after the stop").isZero();
        assertCompleted(relay, queue);
        assertThat(records.flush(Duration.ofSeconds(10))).isTrue();
        CallRecordView ended = records.byCallId(callId).orElseThrow();
        assertThat(ended.state()).isEqualTo("ended");
        assertThat(ended.outcome()).isEqualTo("completed:shutdown");
        assertThat(ended.endedAt()).isAfterOrEqualTo(ended.answeredAt());
    }

    // the relay scenario pauses 300 ms after its ACK; a BYE inside that pause would be unexpected to SIPp
    private static void pastTheRelaysSettlePause() {
        try {
            Thread.sleep(800);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
