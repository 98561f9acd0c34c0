package se.relaybridge.e2e;

import se.relaybridge.call.EngineParts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackToken;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.DatabaseSettings;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, acceptance 2, relaybridge in this JVM on an H2 records file: a callback scheduled for a relay call fires at
 * its time by relaybridge's clock (moved by the test), calls the nurse without SDP (SIPp at 127.0.0.60), then the
 * person through the relay's callback trunk (SIPp at 127.0.0.11) with the nurse's offer, and gives the nurse the
 * trunk's answer in the ACK. A restart between scheduling and the due time loses nothing; a busy nurse is tried again.
 */
class ScheduledCallbackTest implements InJvmCalls {

    private static final int SIP_PORT = 28660;
    private static final int QUEUE_PORT = 28670;
    private static final int CALLBACK_TRUNK_PORT = 28690;
    private static final String NURSE = "127.0.0.60";
    private static final int NURSE_PORT = 28695;
    private static final String NURSE_URI = "sip:nurse-7@" + NURSE + ":" + NURSE_PORT;
    private static final String CALL_ID = "rb-5c4ed01ed0000001";
    private static final String PERSON = "+46812345678";
    private static final ShiftedClock CLOCK = new ShiftedClock();

    @TempDir
    static Path configRoot;
    @TempDir
    static Path dataDir;
    private static RunningB2bua running;
    private static CallRecords records;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path profile = configRoot.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(profile, Files.readString(profile).replace("sip:{number}@callback.texttelefoni.example",
                "sip:{number}@" + TEXT_RELAY_TRUNK + ":" + CALLBACK_TRUNK_PORT));
        Files.writeString(configRoot.resolve("sip-config/callbacks.json"), """
                { "maxAttempts": 3, "retryAfterSeconds": 60, "nurseRingSeconds": 10, "personRingSeconds": 10 }
                """);
        startRelaybridge();
        Instant now = Instant.now();
        records.callbackTokens().issue(new CallbackGrant(CallbackToken.newToken(), CALL_ID, "texttelefoni", "text",
                PERSON, RelaySessionJson.toJson(new RelaySession(RelaySession.SCHEMA_VERSION, CALL_ID, null, "text",
                        new RelaySession.Provider("texttelefoni", "Texttelefoni"), "tolk-4711", List.of("sv"),
                        List.of("audio", "text"), PERSON, null, null, null, null, now, List.of(), null)),
                now, now.plus(Duration.ofHours(72))));
    }

    private static void startRelaybridge() throws Exception {
        records = CallRecords.open(DatabaseSettings.of("jdbc:h2:file:" + dataDir.resolve("records").toAbsolutePath()
                + ";AUTO_SERVER=FALSE", "rb", "rb-test"));
        running = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT, CLOCK, EngineParts.inMemory()
                .callbackTokens(records.callbackTokens()).scheduledCallbacks(records.scheduledCallbacks()));
    }

    private static void stopRelaybridge() {
        if (running != null) {
            running.close();
            running = null;
        }
        if (records != null) {
            records.close();
            records = null;
        }
    }

    @AfterAll
    static void stop() {
        stopRelaybridge();
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
    }

    @Override
    public RunningB2bua running() {
        return running;
    }

    @Test
    void aScheduledCallbackCallsTheNurseThenThePersonAtItsTime() throws Exception {
        List<CallSnapshot> ended = new CopyOnWriteArrayList<>();
        running.b2bua().registry().watch(new CallWatcher() {
            public void changed(CallSnapshot call) {
            }

            public void finished(CallSnapshot call) {
                ended.add(call);
            }
        });
        ScheduledCallback scheduled = schedule();
        assertThat(scheduled.state()).isEqualTo(ScheduledCallbackState.PENDING);
        SippPeer nurse = answeringNurse();
        SippPeer trunk = answeringTrunk();
        Thread.sleep(2500);
        assertThat(nurse.receivedAll()).as("nothing before the due time").isEmpty();

        CLOCK.startFrom(scheduled.dueAt().plusSeconds(1));
        assertCompleted(nurse, trunk);
        assertNoCallLeft();

        SipText toNurse = nurse.received("INVITE");
        assertThat(toNurse.startLine()).startsWith("INVITE " + NURSE_URI);
        assertThat(toNurse.body()).as("delayed offer: the nurse makes it").isBlank();
        assertThat(toNurse.header("X-Relay-Service")).hasValue("text");
        assertThat(toNurse.header("X-Relay-Provider")).hasValue("texttelefoni");
        assertThat(toNurse.header("X-Relay-Call-Id")).hasValue(CALL_ID);
        assertThat(toNurse.text()).as("no full number towards the nurse's display").doesNotContain("812345678");
        SipText toRelay = trunk.received("INVITE");
        assertThat(toRelay.startLine()).startsWith("INVITE sip:" + PERSON + "@" + TEXT_RELAY_TRUNK + ":" + CALLBACK_TRUNK_PORT);
        assertThat(toRelay.body()).as("the nurse's offer").contains("m=text 40002 RTP/AVP 98 100");
        assertThat(toRelay.header("X-Relay-Call-Id")).hasValue(CALL_ID);
        assertThat(nurse.received("ACK").body()).as("the trunk's answer").contains("m=text 51374 RTP/AVP 98 100");

        ScheduledCallback done = awaitState(scheduled.id(), ScheduledCallbackState.DONE);
        assertThat(done.attempts()).extracting(CallbackAttempt::outcome).containsExactly("connected");
        assertThat(done.attempts().get(0).sipStatus()).isEqualTo(200);
        assertThat(ended).filteredOn(c -> c.callId().equals(done.attempts().get(0).callId()))
                .singleElement().satisfies(c -> {
                    assertThat(c.queue()).isEqualTo("callback:texttelefoni");
                    assertThat(c.outcome()).isEqualTo("completed:relay-hangup");
                });
    }

    @Test
    void aCallbackScheduledBeforeARestartFiresAfterIt() throws Exception {
        ScheduledCallback scheduled = schedule();
        stopRelaybridge();
        startRelaybridge();
        assertThat(running.b2bua().callbacks().find(scheduled.id())).hasValueSatisfying(c ->
                assertThat(c.state()).isEqualTo(ScheduledCallbackState.PENDING));
        SippPeer nurse = answeringNurse();
        SippPeer trunk = answeringTrunk();

        CLOCK.startFrom(scheduled.dueAt().plusSeconds(1));
        assertCompleted(nurse, trunk);
        assertNoCallLeft();
        assertThat(nurse.received("ACK").body()).contains("m=text 51374 RTP/AVP 98 100");
        assertThat(awaitState(scheduled.id(), ScheduledCallbackState.DONE).attempts()).hasSize(1);
    }

    @Test
    void aBusyNurseIsCalledAgainAfterTheRetryInterval() {
        ScheduledCallback scheduled = schedule();
        SippPeer busy = SippPeer.uas(Scenario.of("queue_uas_reject.xml").with("STATUS", "486").with("REASON", "Busy Here"),
                NURSE, NURSE_PORT, CALL_LIMIT);
        CLOCK.startFrom(scheduled.dueAt().plusSeconds(1));
        assertThat(busy.awaitExit(CALL_LIMIT)).as(busy.report()).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(running.b2bua().callbacks().find(scheduled.id()).orElseThrow().attempts()).hasSize(1));
        ScheduledCallback retrying = running.b2bua().callbacks().find(scheduled.id()).orElseThrow();
        assertThat(retrying.state()).isEqualTo(ScheduledCallbackState.PENDING);
        assertThat(retrying.attempts().get(0).outcome()).isEqualTo("nurse-busy");
        assertThat(retrying.attempts().get(0).sipStatus()).isEqualTo(486);
        assertThat(retrying.dueAt()).isAfter(scheduled.dueAt().plusSeconds(59));
        assertNoCallLeft();

        SippPeer nurse = answeringNurse();
        SippPeer trunk = answeringTrunk();
        CLOCK.startFrom(retrying.dueAt().plusSeconds(1));
        assertCompleted(nurse, trunk);
        assertNoCallLeft();
        ScheduledCallback done = awaitState(scheduled.id(), ScheduledCallbackState.DONE);
        assertThat(done.attempts()).extracting(CallbackAttempt::outcome).containsExactly("nurse-busy", "connected");
        assertThat(done.attempts()).extracting(CallbackAttempt::number).containsExactly(1, 2);
    }

    @Test
    void aBusyPersonEndsTheNursesCallWithAnAnswerRefusingEveryStream() {
        ScheduledCallback scheduled = schedule();
        SippPeer nurse = SippPeer.uas(nurseScenario().with("ANSWER_PORT", "0").withFragment("HANGUP_BLOCK",
                "receives_bye"), NURSE, NURSE_PORT, CALL_LIMIT);
        SippPeer trunk = SippPeer.uas(Scenario.of("queue_uas_reject.xml").with("STATUS", "486")
                .with("REASON", "Busy Here"), TEXT_RELAY_TRUNK, CALLBACK_TRUNK_PORT, CALL_LIMIT, "udp");
        CLOCK.startFrom(scheduled.dueAt().plusSeconds(1));
        assertCompleted(nurse, trunk);
        assertNoCallLeft();

        SipText ack = nurse.received("ACK");
        assertThat(ack.body()).contains("m=audio 0 RTP/AVP 0", "m=text 0 RTP/AVP 98 100");
        assertThat(nurse.received("BYE").header("Call-ID")).isEqualTo(ack.header("Call-ID"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(running.b2bua().callbacks().find(scheduled.id()).orElseThrow().attempts()).hasSize(1));
        ScheduledCallback retrying = running.b2bua().callbacks().find(scheduled.id()).orElseThrow();
        assertThat(retrying.state()).isEqualTo(ScheduledCallbackState.PENDING);
        assertThat(retrying.attempts().get(0).outcome()).isEqualTo("person-busy");
        assertThat(retrying.attempts().get(0).sipStatus()).isEqualTo(486);

        // cancelled, it is not tried again (and cannot fire during the other tests)
        assertThat(running.b2bua().callbacks().cancel(scheduled.id(), "ops-test").state())
                .isEqualTo(ScheduledCallbackState.CANCELLED);
        assertThat(running.b2bua().callbacks().list(100)).extracting(ScheduledCallback::id).contains(scheduled.id());
    }

    @Test
    void aNurseWhoDoesNotAnswerWithinTheRingTimeIsCancelled() {
        ScheduledCallback scheduled = schedule();
        SippPeer ringing = SippPeer.uas(Scenario.of("queue_uas_cancelled.xml"), NURSE, NURSE_PORT, CALL_LIMIT);
        CLOCK.startFrom(scheduled.dueAt().plusSeconds(1));
        assertThat(ringing.awaitExit(CALL_LIMIT)).as(ringing.report()).isZero();   // nurseRingSeconds: 10
        assertNoCallLeft();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(running.b2bua().callbacks().find(scheduled.id()).orElseThrow().attempts()).hasSize(1));
        CallbackAttempt attempt = running.b2bua().callbacks().find(scheduled.id()).orElseThrow().attempts().get(0);
        assertThat(attempt.outcome()).isEqualTo("nurse-no-answer");
        assertThat(attempt.sipStatus()).isEqualTo(487);
        running.b2bua().callbacks().cancel(scheduled.id(), "ops-test");
    }

    private ScheduledCallback schedule() {
        return running.b2bua().callbacks().schedule(CALL_ID, CLOCK.instant().plus(Duration.ofMinutes(10)), NURSE_URI,
                "ops-test");
    }

    private ScheduledCallback awaitState(String id, ScheduledCallbackState state) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(running.b2bua().callbacks().find(id).orElseThrow().state()).isEqualTo(state));
        return running.b2bua().callbacks().find(id).orElseThrow();
    }

    private static SippPeer answeringNurse() {
        return SippPeer.uas(nurseScenario().with("ANSWER_PORT", "[1-9][0-9]*")
                .withFragment("HANGUP_BLOCK", "uas_sends_bye"), NURSE, NURSE_PORT, CALL_LIMIT);
    }

    private static Scenario nurseScenario() {
        return Scenario.of("nurse_uas_delayed_offer.xml").withSdpBody("OFFER_BODY", "sdp_nurse_offer.txt");
    }

    private static SippPeer answeringTrunk() {
        return SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, CALLBACK_TRUNK_PORT, CALL_LIMIT, "udp");
    }
}
