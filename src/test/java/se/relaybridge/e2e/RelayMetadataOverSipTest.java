package se.relaybridge.e2e;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * The relay metadata on real SIP calls (SIPp as relay and as nurse queue): malformed interpreter, kommunkod and
 * language headers never fail a call — each is left out and named in the JSON's {@code ignored} — and a new
 * interpreter named in a re-INVITE or an UPDATE reaches the nurse as an INFO with the updated JSON and
 * {@code X-Relay-Interpreter}, the re-INVITE and UPDATE themselves crossing as ever.
 */
class RelayMetadataOverSipTest implements InJvmCalls {

    private static final int SIP_PORT = 35260;
    private static final int QUEUE_PORT = 35270;
    private static final int TRUNK_PORT = 35291;

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
    void malformedInterpreterKommunkodAndLanguageLeaveTheCallUpAndAreNamedInIgnored() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("INVITE_BLOCK", Scenario.fragment("uac_invite")
                        .replace("X-Relay-Interpreter: tolk-4711", "X-Relay-Interpreter: tolk 47 11"))
                .withInviteHeaders("X-Relay-Municipality: 14x0", "X-Relay-Language: sv, not_a_tag!")
                .with("MIDCALL_BLOCK", "  <pause milliseconds=\"500\"/>")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        SipText invite = queue.received("INVITE");
        JsonObject json = QueueInviteBody.of(invite).relayJson();
        assertThat(strings(json, "ignored")).containsExactlyInAnyOrder(
                "X-Relay-Interpreter: 'tolk 47 11' is not an interpreter id (1-64 letters, digits or . _ : @ + # / -)",
                "X-Relay-Municipality: '14x0' is not a 4-digit kommunkod",
                "X-Relay-Language: 'not_a_tag!' is not a BCP 47 language tag");
        assertThat(json.containsKey("interpreterId") && !json.isNull("interpreterId")).as("interpreterId").isFalse();
        assertThat(json.containsKey("municipality") && !json.isNull("municipality")).as("municipality").isFalse();
        assertThat(strings(json, "languages")).contains("sv").doesNotContain("not_a_tag!");
        assertThat(invite.header("X-Relay-Interpreter")).isEmpty();
        // one answer each; over UDP the 200 is repeated until the relay's ACK arrives (RFC 3261 §13.3.1.4)
        assertThat(seen(relay, true, "SIP/2.0 200", "INVITE").stream().map(m -> m.header("To").orElse("")).distinct()).hasSize(1);
        assertThat(seen(relay, true, "SIP/2.0 200", "BYE").stream().map(m -> m.header("CSeq").orElse("")).distinct())
                .as("the call stayed up until the relay hung up").hasSize(1);
        assertNoCallLeft();
    }

    @Test
    void aNewInterpreterNamedInAReinviteAndThenInAnUpdateReachesTheNurseAsInfos() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_receives_handovers")
                .withSdpBody("REANSWER_BODY", "sdp_answer_audio_text.txt")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_handover_by_reinvite_and_update")
                .withSdpBody("REINVITE_BODY", "sdp_audio_text_v2.txt")
                .with("BYE_CSEQ", "4")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);

        List<SipText> infos = seen(queue, true, "INFO", null);
        assertThat(infos).hasSize(2);
        assertThat(infos).extracting(i -> i.header("X-Relay-Interpreter").orElse(""))
                .containsExactly("tolk-4712", "tolk-4713");
        for (SipText info : infos) {
            assertThat(info.header("Content-Type")).hasValue("application/vnd.relaybridge.relay+json");
        }
        assertThat(json(infos.get(0)).getString("interpreterId")).isEqualTo("tolk-4712");
        assertThat(json(infos.get(1)).getString("interpreterId")).isEqualTo("tolk-4713");
        assertThat(json(infos.get(1)).getString("service")).isEqualTo("text");
        assertThat(seen(queue, true, "INVITE", null)).hasSize(2);
        assertThat(seen(queue, true, "UPDATE", null)).hasSize(1);
        assertNoCallLeft();
    }

    private static JsonObject json(SipText info) {
        return jakarta.json.Json.createReader(new StringReader(info.body())).readObject();
    }

    private static List<String> strings(JsonObject json, String field) {
        return json.containsKey(field) ? json.getJsonArray(field).getValuesAs(v -> ((JsonString) v).getString()) : List.of();
    }
}
