package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core relay call flows, played by SIPp as relay trunk and nurse queue against a running relaybridge:
 * answer, hang-up from either side, CANCEL, failures, refusals, OPTIONS, unknown dialogs.
 */
public interface CoreCallScenarios extends SippCalls {

    @Test
    default void answeredCallHungUpByRelay() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        SipText relayInvite = SipText.parseLog(relay.messages()).get(0);
        SipText queueInvite = queue.received("INVITE");
        assertThat(queueInvite.header("Call-ID")).isPresent().isNotEqualTo(relayInvite.header("Call-ID"));
        assertThat(queueInvite.header("P-Asserted-Identity")).hasValueSatisfying(v -> assertThat(v).contains("+46812345678"));
        assertThat(queueInvite.header("X-Relay-Service")).hasValue("text");
        assertThat(queueInvite.header("X-Relay-Provider")).hasValue("texttelefoni");
        assertThat(queueInvite.header("X-Relay-Interpreter")).hasValue("tolk-4711");
        assertThat(queueInvite.header("X-Relay-Call-Id")).hasValueSatisfying(v -> assertThat(v).matches("rb-[0-9a-f]{16}"));
        assertThat(queueInvite.header("Max-Forwards")).hasValue("69");
        assertThat(queueInvite.header("Max-Breadth")).hasValue("60");
        assertThat(queueInvite.header("Session-ID")).hasValue("0123456789abcdef0123456789abcdef;remote=00000000000000000000000000000000");
        assertThat(queueInvite.header("User-Agent")).hasValueSatisfying(v -> assertThat(v).startsWith("relaybridge/"));
        // topology hiding: nothing of the relay leg's Via or Contact reaches the queue
        assertThat(queueInvite.headers("Via")).hasSize(1).allSatisfy(v -> assertThat(v).doesNotContain(TEXT_RELAY_TRUNK));
        assertThat(queueInvite.header("Contact")).hasValueSatisfying(v -> assertThat(v).doesNotContain(TEXT_RELAY_TRUNK).doesNotContain("relay@"));
        assertThat(String.join("\n", queueInvite.headerLines())).doesNotContain(TEXT_RELAY_TRUNK);
        assertThat(queueInvite.body()).contains("m=audio 49170 RTP/AVP 0", "m=text 49172 RTP/AVP 98 100", "a=fmtp:100 98/98/98");
        // the relay metadata travels as a JSON part next to the SDP, pointed to by Call-Info (DESIGN §6)
        assertThat(queueInvite.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).matches("multipart/mixed; ?boundary=.+"));
        assertThat(SippCalls.callInfos(queueInvite)).anySatisfy(v -> assertThat(v).matches("<cid:relay-rb-[0-9a-f]{16}@127\\.0\\.0\\.1>;purpose=relay-metadata"));
        assertThat(queueInvite.body()).contains("Content-Type: application/vnd.relaybridge.relay+json",
                "\"service\":\"text\"", "\"interpreterId\":\"tolk-4711\"", "\"personNumber\":\"+46812345678\"",
                "\"modalities\":[\"audio\",\"text\"]");
        // the queue's answer reaches the relay, with the queue's SDP and without the queue's Contact
        SipText relayOk = SipText.parseLog(relay.messages()).stream()
                .filter(m -> m.received() && m.startLine().startsWith("SIP/2.0 200") && m.body().contains("m=text"))
                .findFirst().orElseThrow(() -> new AssertionError("no 200 with SDP" + relay.report()));
        assertThat(relayOk.body()).contains("m=text 51374 RTP/AVP 98 100");
        assertThat(relayOk.header("Contact")).hasValueSatisfying(v -> assertThat(v).doesNotContain("nurse@"));
        assertThat(queue.received("ACK")).isNotNull();
        assertThat(queue.received("BYE")).isNotNull();
        assertNoCallLeft();
    }

    @Test
    default void answeredCallHungUpByQueue() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);
        assertThat(relay.received("BYE").header("Call-ID")).isEqualTo(SipText.parseLog(relay.messages()).get(0).header("Call-ID"));
        assertNoCallLeft();
    }

    @Test
    default void relayCancelsWhileQueueRings() {
        SippPeer queue = queue(Scenario.of("queue_uas_cancelled.xml"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_cancel.xml"));
        assertCompleted(relay, queue);
        assertThat(queue.received("CANCEL")).isNotNull();
        assertNoCallLeft();
    }

    @Test
    default void busyQueueReachesTheRelayAs486() {
        SippPeer queue = queue(Scenario.of("queue_uas_reject.xml").with("STATUS", "486").with("REASON", "Busy Here"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "486"));
        assertCompleted(relay, queue);
        assertNoCallLeft();
    }

    @Test
    default void callerThatIsNoRelayTrunkGets403AndTheQueueSeesNothing() {
        SippPeer queue = SippPeer.uas(Scenario.of("queue_uas_reject.xml").with("STATUS", "486").with("REASON", "Busy Here"),
                queueIp(), queuePort(), Duration.ofSeconds(4));
        SippPeer relay = relay(STRANGER, Scenario.of("relay_uac_refused.xml").with("STATUS", "403"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("stranger" + relay.report()).isZero();
        queue.awaitExit(Duration.ofSeconds(10));
        List<SipText> invitesSeenByQueue = queue.receivedAll().stream().filter(m -> m.method().equals("INVITE")).toList();
        assertThat(invitesSeenByQueue).as("INVITEs reaching the queue").isEmpty();
        assertNoCallLeft();
    }

    @Test
    default void maxForwardsZeroGets483() {
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "483").with("MAX_FORWARDS", "0"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("relay" + relay.report()).isZero();
        assertNoCallLeft();
    }

    @Test
    default void anInviteThatAlreadyPassedRelaybridgeGets482() {
        String ownVia = "Via: SIP/2.0/UDP " + relaybridge() + ";branch=z9hG4bK-looped-1";
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "482")
                .withInviteHeaders(ownVia));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("looped INVITE" + relay.report()).isZero();
        assertNoCallLeft();
    }

    @Test
    default void optionsPingIsAnswered200() {
        SippPeer monitor = relay(STRANGER, Scenario.of("relay_uac_options.xml"));
        assertThat(monitor.awaitExit(CALL_LIMIT)).as("options" + monitor.report()).isZero();
    }

    @Test
    default void byeForAnUnknownDialogGets481() {
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_stray_bye.xml"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("stray BYE" + relay.report()).isZero();
    }
}
