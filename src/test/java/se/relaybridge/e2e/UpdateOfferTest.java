package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * RFC 3311 §5.2 on the relay's hop, SIPp on both legs: an UPDATE with an offer while an offer the relay made is still
 * unanswered by relaybridge (its pending re-INVITE's, its previous UPDATE's, its INVITE's in the early dialog) gets
 * {@code 500} with a {@code Retry-After} of 0–10 s, and nothing of it reaches the queue; an UPDATE with an offer while
 * relaybridge's own offer to the relay is unanswered (the nurse's re-INVITE, bridged) gets {@code 491}. The pending
 * exchange completes each time.
 */
class UpdateOfferTest implements InJvmCalls {

    private static final int SIP_PORT = 43160;
    private static final int QUEUE_PORT = 43170;
    private static final int TRUNK_PORT = 43191;

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT);

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Override
    public SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, TRUNK_PORT, relaybridge(), CALL_LIMIT);
    }

    @Test
    void anUpdateOfferWhileTheRelaysReinviteIsPendingGets500WithRetryAfter() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_reinvite_late")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_update_while_reinvite_pending")
                .with("BYE_CSEQ", "4")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertRetryLater(relay, "3 UPDATE");
        assertThat(seen(queue, true, "UPDATE", null)).as("nothing of the refused UPDATE reaches the queue").isEmpty();
        assertNoCallLeft();
    }

    @Test
    void aSecondUpdateOfferWhileTheFirstIsUnansweredGets500WithRetryAfter() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_update_late")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_second_update_offer_gets_500")
                .with("BYE_CSEQ", "4")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertRetryLater(relay, "3 UPDATE");
        assertThat(seen(relay, true, "SIP/2.0 200", "UPDATE")).extracting(m -> m.header("CSeq").orElse(""))
                .as("the first UPDATE answered").contains("2 UPDATE");
        // (the held one is retransmitted over UDP while the queue holds it: counted once per CSeq)
        assertThat(seen(queue, true, "UPDATE", null).stream().map(m -> m.header("CSeq").orElse("")).distinct())
                .as("only the first UPDATE reaches the queue").hasSize(1);
        assertNoCallLeft();
    }

    @Test
    void anUpdateOfferCrossingRelaybridgesReinviteToTheRelayGets491() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_holds_and_waits")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_update_crosses_reinvite_gets_491")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertThat(seen(relay, true, "SIP/2.0 491", "UPDATE")).hasSize(1);
        assertThat(seen(queue, true, "UPDATE", null)).as("nothing of the refused UPDATE reaches the queue").isEmpty();
        assertThat(seen(queue, true, "SIP/2.0 200", "INVITE")).as("the nurse's hold answered by the relay").isNotEmpty();
        assertNoCallLeft();
    }

    @Test
    void anEarlyUpdateOfferBeforeTheInvitesOfferIsAnsweredGets500WithRetryAfter() {
        SippPeer queue = queue(Scenario.of("queue_uas_rings_then_answers.xml").with("RING_MS", "1500")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_early_update_offer.xml")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertRetryLater(relay, "2 UPDATE");
        assertThat(seen(queue, true, "UPDATE", null)).as("nothing of the refused UPDATE reaches the queue").isEmpty();
        assertNoCallLeft();
    }

    private static void assertRetryLater(SippPeer relay, String cseq) {
        List<SipText> refused = seen(relay, true, "SIP/2.0 500", "UPDATE");
        assertThat(refused).as("500 to the UPDATE").hasSize(1);
        assertThat(refused.get(0).header("CSeq")).hasValue(cseq);
        assertThat(refused.get(0).header("Retry-After")).hasValueSatisfying(v ->
                assertThat(Integer.parseInt(v.split(";")[0].strip())).isBetween(0, 10));
    }
}
