package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.mediaLines;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * What happens inside a relay call once it is set up, and the races around its set-up and end: media
 * added by re-INVITE, hold from the queue, UPDATE, INFO, 491 glare, delayed offer, early media, a 200
 * crossing a CANCEL, a BYE before the ACK.
 */
public interface MidDialogScenarios extends SippCalls {

    @Test
    default void relayAddsTextByReinviteAndTheQueueRefusesItWithPortZero() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_audio.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text_refused.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_audio.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvite")
                .withSdpBody("REINVITE_BODY", "sdp_audio_text_v2.txt")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        SipText sentReinvite = seen(relay, false, "INVITE", null).get(1);
        SipText queueReinvite = seen(queue, true, "INVITE", null).get(1);
        assertThat(mediaLines(queueReinvite.body())).isEqualTo(mediaLines(sentReinvite.body()))
                .contains("m=text 49172 RTP/AVP 98 100", "a=rtpmap:98 t140/1000", "a=rtpmap:100 red/1000");
        SipText queueAnswer = seen(queue, false, "SIP/2.0 200", "INVITE").get(1);
        SipText relayAnswer = seen(relay, true, "SIP/2.0 200", "INVITE").stream()
                .filter(m -> m.header("CSeq").orElse("").startsWith("2 ")).findFirst().orElseThrow();
        assertThat(mediaLines(relayAnswer.body())).isEqualTo(mediaLines(queueAnswer.body()))
                .contains("m=text 0 RTP/AVP 98 100");
        assertThat(seen(queue, true, "ACK", null)).hasSize(2);
        assertNoCallLeft();
    }

    @Test
    default void queuePutsTheCallOnHoldByReinviteThenSendsUpdate() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_sends_reinvite_and_update")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite_and_update")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        SipText hold = seen(relay, true, "INVITE", null).get(0);
        assertThat(mediaLines(hold.body())).containsSubsequence("m=audio 51372 RTP/AVP 0", "a=sendonly",
                "m=text 51374 RTP/AVP 98 100", "a=sendonly");
        assertThat(hold.header("Contact")).hasValueSatisfying(c -> assertThat(c).doesNotContain("nurse@"));
        SipText queueGot = seen(queue, true, "SIP/2.0 200", "INVITE").get(0);
        assertThat(queueGot.body()).contains("a=recvonly");
        assertThat(seen(relay, true, "ACK", null)).hasSize(1);
        assertThat(seen(relay, true, "UPDATE", null)).hasSize(1);
        assertNoCallLeft();
    }

    @Test
    default void infoFromTheRelayReachesTheQueueWithItsBody() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_receives_info")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_info")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SipText info = queue.received("INFO");
        assertThat(info.header("Content-Type")).hasValue("application/dtmf-relay");
        assertThat(info.body()).contains("Signal=5");
        assertNoCallLeft();
    }

    @Test
    default void glare491FromTheQueueReachesTheRelayWhichRetriesSuccessfully() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_glare_then_answers")
                .withFragment("MIDCALL_ANSWER", "mid_uas_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text_refused.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvite_glare_retry")
                .with("REOFFER", fragment("sdp_audio_text_v2.txt"))
                .with("BYE_CSEQ", "4")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(seen(relay, true, "SIP/2.0 491", "INVITE")).hasSize(1);
        assertThat(seen(queue, true, "INVITE", null)).hasSize(3);
        assertNoCallLeft();
    }

    @Test
    default void delayedOfferTakesTheQueuesOfferAndTheRelaysAnswerInTheAck() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withoutBody("INVITE_BODY")
                .withSdpBody("INITIAL_ACK_BODY", "sdp_audio_text.txt")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SipText invite = queue.received("INVITE");
        assertThat(invite.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("multipart/mixed"));
        assertThat(invite.body()).doesNotContain("application/sdp").doesNotContain("m=audio")
                .contains("application/vnd.relaybridge.relay+json");
        SipText ack = queue.received("ACK");
        assertThat(mediaLines(ack.body())).contains("m=text 49172 RTP/AVP 98 100");
        assertNoCallLeft();
    }

    @Test
    default void ringingAndEarlyMediaBothReachTheRelay() {
        SippPeer queue = queue(Scenario.of("queue_uas_early_media.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(seen(relay, true, "SIP/2.0 180", "INVITE")).hasSize(1);
        List<SipText> progress = seen(relay, true, "SIP/2.0 183", "INVITE");
        assertThat(progress).hasSize(1);
        assertThat(mediaLines(progress.get(0).body())).contains("m=audio 51390 RTP/AVP 0", "a=sendonly", "m=text 0 RTP/AVP 98 100");
        assertNoCallLeft();
    }

    @Test
    default void anAnswerCrossingTheCancelIsAcknowledgedAndEnded() {
        SippPeer queue = queue(Scenario.of("queue_uas_answers_despite_cancel.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_cancel.xml"));
        assertCompleted(relay, queue);
        assertThat(queue.received("ACK")).isNotNull();
        assertThat(queue.received("BYE")).isNotNull();
        assertNoCallLeft();
    }

    @Test
    default void relayHangingUpBeforeItsAckStillEndsTheQueueLegCleanly() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_bye_before_ack.xml"));
        assertCompleted(relay, queue);
        assertNoCallLeft();
    }

    @Test
    default void reliableProvisionalsArePrackedOnEachHop() {
        SippPeer queue = queue(Scenario.of("queue_uas_100rel.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_100rel.xml")
                .withInviteHeaders("Supported: 100rel", "Require: 100rel")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SipText early = seen(relay, true, "SIP/2.0 183", "INVITE").get(0);
        assertThat(mediaLines(early.body())).contains("m=text 51374 RTP/AVP 98 100");
        assertThat(queue.received("PRACK").header("RAck")).hasValue("1 1 INVITE");
        assertThat(queue.received("INVITE").header("Require")).isEmpty();
        assertNoCallLeft();
    }

    @Test
    default void relayAddsSignLanguageVideoByReinviteWithItsLanguageAttributes() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withSdpBody("ANSWER_BODY", "sdp_answer_audio.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_video.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_audio.txt")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvite")
                .withSdpBody("REINVITE_BODY", "sdp_audio_video_v2.txt")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SipText queueReinvite = seen(queue, true, "INVITE", null).get(1);
        assertThat(mediaLines(queueReinvite.body())).isEqualTo(mediaLines(seen(relay, false, "INVITE", null).get(1).body()))
                .contains("m=video 49174 RTP/AVP 96", "a=hlang-send:swl", "a=label:sign-language");
        assertNoCallLeft();
    }

    @Test
    default void reinviteWithoutSdpTakesTheOfferFromTheQueueAndTheAnswerFromTheRelaysAck() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text_refused.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvite")
                .withoutBody("REINVITE_BODY")
                .withSdpBody("ACK_BODY", "sdp_audio_text_v2.txt")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(seen(queue, true, "INVITE", null).get(1).body()).isBlank();
        SipText offerToRelay = seen(relay, true, "SIP/2.0 200", "INVITE").get(1);
        assertThat(mediaLines(offerToRelay.body())).contains("m=text 0 RTP/AVP 98 100");
        SipText answerToQueue = seen(queue, true, "ACK", null).get(1);
        assertThat(mediaLines(answerToQueue.body())).contains("m=text 49172 RTP/AVP 98 100");
        assertNoCallLeft();
    }

    @Test
    default void updateInTheEarlyDialogCrossesBeforeTheAnswer() {
        SippPeer queue = queue(Scenario.of("queue_uas_early_update.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_early_update.xml")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(queue.received("UPDATE").header("CSeq")).hasValueSatisfying(v -> assertThat(v).endsWith("UPDATE"));
        assertNoCallLeft();
    }

    @Test
    default void requestsInAnEndedCallGet481() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("HANGUP_BLOCK", Scenario.fragment("uac_sends_bye") + Scenario.fragment("uac_after_hangup_gets_481")));
        assertCompleted(relay, queue);
        assertNoCallLeft();
    }

    @Test
    default void byeGlareOnTheQueueLegIsAnsweredAndEndsTheCallOnce() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_bye_crosses"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(seen(queue, true, "BYE", null)).hasSize(1);
        assertThat(seen(queue, true, "SIP/2.0 200", "BYE")).hasSize(1);
        assertThat(seen(relay, true, "SIP/2.0 200", "BYE")).hasSize(1);
        assertThat(seen(relay, true, "BYE", null)).isEmpty();
        assertNoCallLeft();
    }

    @Test
    default void byeGlareOnTheRelayLegIsAnsweredAndEndsTheCallOnce() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_bye_crosses"));
        assertCompleted(relay, queue);
        assertThat(seen(relay, true, "BYE", null)).hasSize(1);
        assertThat(seen(relay, true, "SIP/2.0 200", "BYE")).hasSize(1);
        assertThat(seen(queue, true, "SIP/2.0 200", "BYE")).hasSize(1);
        assertThat(seen(queue, true, "BYE", null)).isEmpty();
        assertNoCallLeft();
    }

    @Test
    default void interpreterHandoverReachesTheQueueAsAnInfoWithTheNewInterpreter() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_receives_info")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_interpreter_handover")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        SipText info = queue.received("INFO");
        assertThat(info.header("Content-Type")).hasValue("application/vnd.relaybridge.relay+json");
        assertThat(info.header("X-Relay-Interpreter")).hasValue("tolk-4712");
        assertThat(info.body()).contains("\"interpreterId\":\"tolk-4712\"", "\"service\":\"text\"");
        assertThat(seen(queue, true, "INFO", null)).hasSize(1);
        assertNoCallLeft();
    }

    private static String fragment(String name) {
        return Scenario.fragment(name);
    }
}
