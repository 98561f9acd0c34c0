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
 * relaybridge's own re-INVITE glare (RFC 3261 §14.1, §14.2), SIPp on both legs, made deterministic by a queue
 * that holds relaybridge's re-INVITE unanswered while it sends its own: a re-INVITE crossing relaybridge's pending
 * one (bridged from the relay, or relaybridge's own session refresh) gets {@code 491}; the ACK of that 491 is
 * absorbed on its hop, the held re-INVITE completes, and a later re-INVITE on the same dialog goes through. A
 * second re-INVITE from the relay while its first is pending gets {@code 500} with {@code Retry-After}. While a
 * nurse's transfer runs, a re-INVITE from the relay and an UPDATE from the nurse get {@code 491}.
 */
class ReinviteGlareTest implements InJvmCalls {

    private static final int SIP_PORT = 35160;
    private static final int QUEUE_PORT = 35170;
    private static final int TRUNK_PORT = 35191;
    private static final int TRANSFER_TARGET_PORT = 35172;

    private static final String SESSION_EXPIRES = "4";

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT)
            .withSipJson("\"sessionTimer\": { \"sessionExpiresSeconds\": " + SESSION_EXPIRES + ", \"minSeSeconds\": 2 }");

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Override
    public SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, TRUNK_PORT, relaybridge(), CALL_LIMIT);
    }

    @Test
    void aQueueReinviteCrossingTheBridgedOneGets491AndTheDialogStaysUsable() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_glares_then_reinvites")
                .with("HELD_ANSWER_HEADERS", "")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text_refused.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvite_then_answers_reinvite")
                .withSdpBody("REINVITE_BODY", "sdp_audio_text_v2.txt")
                .withFragment("RELAY_ANSWERS_REINVITE", "mid_uac_answers_one_reinvite")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        assertGlareAnsweredAndAbsorbed(queue, relay);
        assertThat(seen(relay, true, "SIP/2.0 200", "INVITE")).as("the relay's re-INVITE answered")
                .extracting(m -> m.header("CSeq").orElse("")).contains("2 INVITE");
        assertNoCallLeft();
    }

    @Test
    void aQueueReinviteCrossingRelaybridgesSessionRefreshGets491AndTheDialogStaysUsable() {
        String timer = "\nSupported: timer\nRequire: timer\nSession-Expires: " + SESSION_EXPIRES + ";refresher=uac";
        SippPeer queue = queue(Scenario.of("queue_uas_refreshed_by_reinvite.xml").with("SESSION_EXPIRES", SESSION_EXPIRES)
                .withFragment("MIDCALL_BLOCK", "mid_uas_glares_then_reinvites")
                .with("HELD_ANSWER_HEADERS", timer)
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text.txt"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_one_reinvite")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        SipText refresh = seen(queue, true, "INVITE", null).get(1);
        assertThat(refresh.header("Session-Expires")).as("the held re-INVITE is relaybridge's refresh")
                .hasValue(SESSION_EXPIRES + ";refresher=uac");
        assertGlareAnsweredAndAbsorbed(queue, relay);
        assertNoCallLeft();
    }

    @Test
    void aSecondReinviteFromTheRelayWhileItsFirstIsPendingGets500WithRetryAfter() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_reinvite_late")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text_refused.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_second_reinvite_gets_500")
                .withSdpBody("REINVITE_BODY", "sdp_audio_text_v2.txt")
                .with("BYE_CSEQ", "4")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        List<SipText> refused = seen(relay, true, "SIP/2.0 500", "INVITE");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).header("CSeq")).hasValue("3 INVITE");
        assertThat(refused.get(0).header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v.split(";")[0].strip()))
                .isBetween(0, 10));
        // (the held one is retransmitted over UDP while the queue holds it: counted once per CSeq)
        assertThat(seen(queue, true, "INVITE", null).stream().map(m -> m.header("CSeq").orElse("")).distinct())
                .as("only the first re-INVITE reaches the queue").containsExactly("1 INVITE", "2 INVITE");
        assertNoCallLeft();
    }

    @Test
    void aReinviteFromTheRelayAndAnUpdateFromTheNurseDuringATransferGet491() {
        SippPeer target = SippPeer.uas(Scenario.of("queue_uas_rings_then_answers.xml").with("RING_MS", "2000")
                .withFragment("HANGUP_BLOCK", "receives_bye"), "127.0.0.1", TRANSFER_TARGET_PORT, CALL_LIMIT);
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("HANGUP_BLOCK", "uas_refers_and_updates")
                .with("REFER_TO", "sip:1177@127.0.0.1:" + TRANSFER_TARGET_PORT)
                .with("TRANSFER_STATUS", "200 OK")
                .withFragment("AFTER_TRANSFER", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_reinvites_during_transfer")
                .withSdpBody("REINVITE_BODY", "sdp_audio_text_v2.txt")
                .withFragment("MIDCALL_ANSWER", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_audio_text.txt")
                .with("BYE_CSEQ", "3")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, nurse);
        assertThat(target.awaitExit(CALL_LIMIT)).as("transfer target" + target.report()).isZero();

        assertThat(seen(relay, true, "SIP/2.0 491", "INVITE")).as("the relay's re-INVITE during the transfer").hasSize(1);
        assertThat(seen(nurse, true, "SIP/2.0 491", "UPDATE")).as("the nurse's UPDATE during the transfer").hasSize(1);
        assertThat(seen(nurse, true, "INVITE", null)).as("nothing of either reaches the nurse").hasSize(1);
        assertThat(seen(target, true, "INVITE", null)).hasSize(1);
        assertThat(seen(target, true, "UPDATE", null)).isEmpty();
        assertThat(seen(relay, true, "INVITE", null)).as("the transfer's re-offer still reaches the relay").hasSize(1);
        assertNoCallLeft();
    }

    /** The queue got one 491 for its crossing re-INVITE, nothing of it reached the relay, and its later re-INVITE did. */
    private static void assertGlareAnsweredAndAbsorbed(SippPeer queue, SippPeer relay) {
        List<SipText> pending = seen(queue, true, "SIP/2.0 491", "INVITE");
        assertThat(pending).as("491 to the crossing re-INVITE" + queue.report()).hasSize(1);
        assertThat(pending.get(0).header("CSeq")).hasValue("1 INVITE");
        List<SipText> relayGot = seen(relay, true, "INVITE", null);
        assertThat(relayGot).as("only the queue's later re-INVITE reaches the relay").hasSize(1);
        assertThat(relayGot.get(0).body()).contains("o=nurse 2890844527 2890844529");
        assertThat(seen(relay, true, "ACK", null)).as("the 491's ACK stays on its hop").hasSize(1);
        assertThat(seen(queue, true, "SIP/2.0 200", "INVITE")).extracting(m -> m.header("CSeq").orElse(""))
                .containsExactly("2 INVITE");
    }
}
