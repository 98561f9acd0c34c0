package se.relaybridge.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Requests out of order inside a dialog (RFC 3261 §12.2.2), SIPp on both legs: a request whose CSeq is not above
 * the peer's previous one, on a new branch (so a new request, not a retransmission), gets {@code 500}, never
 * silence. A BYE refused that way still ends the call on both legs: its sender's leg gets relaybridge's own BYE.
 * JAIN SIP RI 1.3.0-91 dropped all of these without an answer (docs/sip-edge.md).
 */
class DialogOrderTest implements InJvmCalls {

    private static final int SIP_PORT = 37060;
    private static final int QUEUE_PORT = 37070;
    private static final int TRUNK_PORT = 37091;

    private static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT)
            .onStart(running -> running.b2bua().registry().onFinished(call -> OUTCOMES.add(call.outcome())));

    @BeforeEach
    void forget() {
        OUTCOMES.clear();
    }

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Override
    public SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, TRUNK_PORT, relaybridge(), CALL_LIMIT);
    }

    @Test
    void aByeFromTheRelayWithTheCSeqOfItsInviteGets500AndTheCallEndsOnBothLegs() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("BYE_CSEQ", "1")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye_out_of_order"));
        assertCompleted(relay, queue);

        assertRefusedAsOutOfOrder(seen(relay, true, "SIP/2.0 500", "BYE"), "1 BYE");
        assertThat(seen(relay, true, "BYE", null)).as("relaybridge's own BYE ends the relay's dialog").hasSize(1);
        assertThat(seen(queue, true, "BYE", null)).as("the nurse's leg ends too").hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OUTCOMES).containsExactly("completed:relay-hangup"));
        assertNoCallLeft();
    }

    @Test
    void aByeFromTheNurseWithTheCSeqOfHerHoldReinviteGets500AndTheCallEndsOnBothLegs() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("MIDCALL_BLOCK", "mid_uas_holds")
                .withFragment("HANGUP_BLOCK", "uas_sends_bye_out_of_order").with("QUEUE_BYE_CSEQ", "1"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_video_audio_swl_recvonly.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);

        assertRefusedAsOutOfOrder(seen(queue, true, "SIP/2.0 500", "BYE"), "1 BYE");
        assertThat(seen(queue, true, "BYE", null)).as("relaybridge's own BYE ends the nurse's dialog").hasSize(1);
        assertThat(seen(relay, true, "BYE", null)).as("the relay's leg ends too").hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OUTCOMES).containsExactly("completed:queue-hangup"));
        assertNoCallLeft();
    }

    @Test
    void anInfoRepeatingTheCSeqOfThePreviousOneGets500AndTheCallGoesOn() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("MIDCALL_BLOCK", "mid_uas_receives_info")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_info_repeated_cseq")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertRefusedAsOutOfOrder(seen(relay, true, "SIP/2.0 500", "INFO"), "2 INFO");
        assertThat(seen(queue, true, "INFO", null)).as("only the first INFO reaches the nurse").hasSize(1);
        assertThat(seen(relay, true, "SIP/2.0 200", "BYE")).as("the call goes on and ends by the relay's BYE").hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(OUTCOMES).containsExactly("completed:relay-hangup"));
        assertNoCallLeft();
    }

    /** One 500 (a retransmitted request would be answered again: counted by CSeq), out of order, no Retry-After. */
    private static void assertRefusedAsOutOfOrder(List<SipText> refused, String cseq) {
        assertThat(refused).as("the out-of-order request answered").isNotEmpty();
        assertThat(refused).extracting(m -> m.header("CSeq").orElse("")).containsOnly(cseq);
        assertThat(refused.get(0).startLine()).isEqualTo("SIP/2.0 500 CSeq out of order");
    }
}
