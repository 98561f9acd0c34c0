package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7, acceptance 1, relaybridge in this JVM: a text relay call gets a callback URI; after the nurse hung up
 * she INVITEs that URI and the relay's callback trunk (SIPp at 127.0.0.11) gets an INVITE for the person's number with
 * the service, while the nurse gets the original call's metadata; unknown and expired tokens get 404.
 */
class CallbackCallTest implements InJvmCalls {

    private static final int SIP_PORT = 27760;
    private static final int QUEUE_PORT = 27770;
    private static final int CALLBACK_TRUNK_PORT = 27790;
    private static final String NURSE = "127.0.0.50";
    private static final int NURSE_PORT = 5095;
    private static final Pattern CALLBACK = Pattern.compile("<sip:(cb-[a-z2-7]{26})@127\\.0\\.0\\.1:" + SIP_PORT + ">");
    private static final ShiftedClock CLOCK = new ShiftedClock();

    @TempDir
    static Path configRoot;
    private static RunningB2bua running;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path profile = configRoot.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(profile, Files.readString(profile).replace("sip:{number}@callback.texttelefoni.example",
                "sip:{number}@127.0.0.11:" + CALLBACK_TRUNK_PORT));
        running = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT, CLOCK);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
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
    void theNurseCallsThePersonBackThroughTheRelaysCallbackTrunk() {
        SipText queued = relayCall();
        String token = tokenOf(queued);
        String originalCallId = queued.header("X-Relay-Call-Id").orElseThrow();
        assertThat(QueueInviteBody.of(queued).relayJson().getString("callbackUri"))
                .isEqualTo("sip:" + token + "@127.0.0.1:" + SIP_PORT);

        SippPeer trunk = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, CALLBACK_TRUNK_PORT, CALL_LIMIT, "udp");
        SippPeer nurse = nurse(Scenario.of("relay_uac_call.xml").with("REQUEST_USER", token)
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(nurse, trunk);
        assertNoCallLeft();

        SipText toRelay = trunk.received("INVITE");
        assertThat(toRelay.startLine()).startsWith("INVITE sip:+46812345678@127.0.0.11:" + CALLBACK_TRUNK_PORT);
        assertThat(toRelay.header("X-Relay-Service")).hasValue("text");
        assertThat(toRelay.header("X-Relay-Call-Id")).hasValue(originalCallId);
        assertThat(toRelay.header("P-Asserted-Identity")).as("nothing the nurse's side asserts goes to the relay").isEmpty();
        assertThat(toRelay.body()).contains("m=text 49172 RTP/AVP 98 100");
        SipText answer = SippCalls.seen(nurse, true, "SIP/2.0 200", "INVITE").get(0);
        assertThat(answer.header("X-Relay-Service")).hasValue("text");
        assertThat(answer.header("X-Relay-Provider")).hasValue("texttelefoni");
        assertThat(answer.header("X-Relay-Interpreter")).hasValue("tolk-4711");
        assertThat(answer.header("X-Relay-Call-Id")).hasValue(originalCallId);
    }

    @Test
    void anUnknownCallbackTokenGets404() {
        SippPeer nurse = nurse(Scenario.of("relay_uac_refused.xml").with("STATUS", "404")
                .with("REQUEST_USER", "cb-aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertThat(nurse.awaitExit(CALL_LIMIT)).as(nurse.report()).isZero();
        assertNoCallLeft();
    }

    @Test
    void anExpiredCallbackTokenGets404() {
        String token = tokenOf(relayCall());
        CLOCK.startFrom(Instant.now().plus(Duration.ofHours(72)).plusSeconds(60)); // texttelefoni: validHours 72

        SippPeer nurse = nurse(Scenario.of("relay_uac_refused.xml").with("STATUS", "404").with("REQUEST_USER", token));
        assertThat(nurse.awaitExit(CALL_LIMIT)).as(nurse.report()).isZero();
        assertNoCallLeft();
    }

    /** A text relay call that the nurse ends, as in the issue: then the nurse calls back. */
    private SipText relayCall() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);
        assertNoCallLeft();
        return queue.received("INVITE");
    }

    private static String tokenOf(SipText queued) {
        Matcher m = CALLBACK.matcher(queued.header("X-Relay-Callback").orElseThrow());
        assertThat(m.matches()).as(queued.header("X-Relay-Callback").orElseThrow()).isTrue();
        return m.group(1);
    }

    private SippPeer nurse(Scenario scenario) {
        return SippPeer.uac(scenario, NURSE, NURSE_PORT, relaybridge(), CALL_LIMIT);
    }
}
