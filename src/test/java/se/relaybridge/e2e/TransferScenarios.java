package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A nurse transfers a text relay call to the queue's other server, in-JVM and against the deployed WAR: relaybridge
 * carries the REFER out itself and the relay leg stays (issue 7; the full set is in {@link TransferCallTest}).
 */
public interface TransferScenarios extends SippCalls {

    int backupQueuePort();

    @Test
    default void aNurseTransfersTheCallToAnotherServerAndTheRelayStays() {
        SippPeer other = SippPeer.uas(Scenario.of("queue_uas_answer.xml")
                        .withFragment("HANGUP_BLOCK", "receives_bye"),
                queueIp(), backupQueuePort(), CALL_LIMIT);
        SippPeer nurse = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("HANGUP_BLOCK", "uas_refers")
                .with("REFER_TO", "sip:1177@" + queueIp() + ":" + backupQueuePort())
                .with("TRANSFER_STATUS", "200 OK")
                .withFragment("AFTER_TRANSFER", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_answers_reinvite")
                .withSdpBody("REANSWER_BODY", "sdp_audio_text.txt")
                .with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));

        assertCompleted(relay, nurse);
        assertThat(other.awaitExit(CALL_LIMIT)).as("transfer target" + other.report()).isZero();
        assertNoCallLeft();
        SipText transferred = other.received("INVITE");
        assertThat(transferred.header("X-Relay-Service")).hasValue("text");
        assertThat(transferred.header("X-Relay-Call-Id")).isEqualTo(nurse.received("INVITE").header("X-Relay-Call-Id"));
        assertThat(transferred.body()).contains("m=audio 49170 RTP/AVP 0", "m=text 49172 RTP/AVP 98 100");
        List<SipText> reinvites = SippCalls.seen(relay, true, "INVITE", "INVITE");
        assertThat(reinvites).hasSize(1);
        assertThat(reinvites.get(0).body()).contains("m=text");
        assertThat(SippCalls.seen(relay, true, "BYE", null)).isEmpty();
        List<SipText> notifies = SippCalls.seen(nurse, true, "NOTIFY", null);
        assertThat(notifies).extracting(n -> n.body().strip()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        // RFC 3515 §2.4.4-2.4.5: the implicit subscription of the REFER (CSeq 1), active until the final status
        for (SipText notify : notifies) {
            assertThat(notify.headers("Content-Type")).containsExactly("message/sipfrag;version=2.0");
            assertThat(notify.headers("Event")).containsExactly("refer;id=1");
        }
        assertThat(notifies.get(0).headers("Subscription-State")).containsExactly("active;expires=60");
        assertThat(notifies.get(1).headers("Subscription-State")).containsExactly("terminated;reason=noresource");
    }
}
