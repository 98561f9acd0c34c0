package se.relaybridge.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.mediaLines;

/**
 * One call per shipped relay profile — text relay, sign-language video relay, Teletal — and every piece of
 * relay metadata the nurse queue receives, with exact values: headers, the From display name, the JSON part
 * (checked against the schema) and, where the queue has them switched on, UUI, Alert-Info and RFC 7852 XML.
 */
public interface RelayProfileScenarios extends SippCalls {

    String VIDEO_RELAY_TRUNK = "127.0.0.12";
    String TELETAL_TRUNK = "127.0.0.13";
    String NUMBER = "+46812345678";

    /** Whether the queue under test has the optional presentations switched on (in-JVM config) or not (shipped). */
    default boolean queueHasAllPresentations() {
        return false;
    }

    @Test
    default void textRelayCallCarriesItsMetadataExactly() {
        SipText invite = callFrom(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("X-Relay-Municipality: 0180"));
        assertHeaders(invite, "text", "texttelefoni", null, "Texttelefon via tolk");
        JsonObject json = QueueInviteBody.of(invite).relayJson();
        assertJson(json, "text", "texttelefoni", "Texttelefoni.se", List.of(), List.of("audio", "text"), "0180", "01");
        assertPresentations(invite, "service=text;provider=texttelefoni;interpreter=tolk-4711");
    }

    @Test
    default void videoRelayCallCarriesSignLanguageExactly() {
        SipText invite = callFrom(VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_video_audio_swl.txt")
                .withInviteHeaders("X-Relay-Municipality: 1480"),
                "sdp_answer_video_audio.txt");
        assertHeaders(invite, "video", "bildtelefoni", "swl,sv", "Bildtelefon via tolk");
        QueueInviteBody body = QueueInviteBody.of(invite);
        assertThat(mediaLines(body.part("application/sdp"))).containsSubsequence("m=video 49174 RTP/AVP 96",
                "a=rtpmap:96 H264/90000", "a=hlang-send:swl", "m=audio 49170 RTP/AVP 0");
        assertJson(body.relayJson(), "video", "bildtelefoni", "Bildtelefoni.net", List.of("swl", "sv"),
                List.of("video", "audio"), "1480", "14");
        assertPresentations(invite, "service=video;provider=bildtelefoni;interpreter=tolk-4711");
    }

    @Test
    default void teletalCallCarriesItsMetadataExactly() {
        SipText invite = callFrom(TELETAL_TRUNK, Scenario.of("relay_uac_call.xml")
                .withSdpBody("INVITE_BODY", "sdp_audio.txt")
                .withInviteHeaders("X-Relay-Municipality: 2480", "X-Relay-Language: sv"),
                "sdp_answer_audio.txt");
        assertHeaders(invite, "speech", "teletal", "sv", "Teletal via tolk");
        assertJson(QueueInviteBody.of(invite).relayJson(), "speech", "teletal", "Teletal", List.of("sv"),
                List.of("audio"), "2480", "24");
        assertPresentations(invite, "service=speech;provider=teletal;interpreter=tolk-4711");
    }

    private SipText callFrom(String trunk, Scenario relayScenario) {
        return callFrom(trunk, relayScenario, "sdp_answer_audio_text.txt");
    }

    private SipText callFrom(String trunk, Scenario relayScenario, String answer) {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withSdpBody("ANSWER_BODY", answer)
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(trunk, relayScenario.withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertNoCallLeft();
        return queue.received("INVITE");
    }

    private static void assertHeaders(SipText invite, String service, String provider, String languages, String displayName) {
        assertThat(invite.header("X-Relay-Service")).hasValue(service);
        assertThat(invite.header("X-Relay-Provider")).hasValue(provider);
        assertThat(invite.header("X-Relay-Interpreter")).hasValue("tolk-4711");
        if (languages == null) {
            assertThat(invite.header("X-Relay-Languages")).isEmpty();
        } else {
            assertThat(invite.header("X-Relay-Languages")).hasValue(languages);
        }
        assertThat(invite.header("P-Asserted-Identity")).hasValue("<sip:" + NUMBER + "@texttelefoni.example;user=phone>");
        assertThat(invite.header("From")).hasValueSatisfying(f -> assertThat(f).startsWith("\"" + displayName + " " + NUMBER + "\" <sip:"));
        assertThat(SippCalls.callInfos(invite)).anySatisfy(v -> assertThat(v).endsWith(";purpose=relay-metadata"));
    }

    private static void assertJson(JsonObject json, String service, String providerId, String providerName,
                                   List<String> languages, List<String> modalities, String municipality, String region) {
        assertThat(json.getInt("schemaVersion")).isEqualTo(1);
        assertThat(json.getString("callId")).matches("rb-[0-9a-f]{16}");
        assertThat(json.getString("sessionId")).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(json.getString("service")).isEqualTo(service);
        assertThat(json.getJsonObject("provider").getString("id")).isEqualTo(providerId);
        assertThat(json.getJsonObject("provider").getString("name")).isEqualTo(providerName);
        assertThat(json.getString("interpreterId")).isEqualTo("tolk-4711");
        assertThat(json.getJsonArray("languages").getValuesAs(v -> ((jakarta.json.JsonString) v).getString())).isEqualTo(languages);
        assertThat(json.getJsonArray("modalities").getValuesAs(v -> ((jakarta.json.JsonString) v).getString())).isEqualTo(modalities);
        assertThat(json.getString("personNumber")).isEqualTo(NUMBER);
        assertThat(json.getString("municipality")).isEqualTo(municipality);
        assertThat(json.getString("region")).isEqualTo(region);
        assertThat(json.getJsonArray("ignored")).isEmpty();
    }

    private void assertPresentations(SipText invite, String uui) {
        QueueInviteBody body = QueueInviteBody.of(invite);
        if (!queueHasAllPresentations()) {
            assertThat(invite.header("User-to-User")).isEmpty();
            assertThat(invite.header("Alert-Info")).isEmpty();
            assertThat(body.has("application/emergencycalldata")).isFalse();
            return;
        }
        String hex = invite.header("User-to-User").orElseThrow().split(";", 2)[0];
        assertThat(new String(HexFormat.of().parseHex(hex))).startsWith(uui + ";call=rb-");
        assertThat(invite.header("Alert-Info")).hasValue("<urn:alert:source:external>");
        var provider = QueueInviteBody.xml(body.part("application/EmergencyCallData.ProviderInfo+xml"));
        assertThat(provider.getDocumentElement().getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo");
        assertThat(provider.getElementsByTagNameNS("*", "TypeOfProvider").item(0).getTextContent()).isEqualTo("Relay Provider");
        var serviceInfo = QueueInviteBody.xml(body.part("application/EmergencyCallData.ServiceInfo+xml"));
        assertThat(serviceInfo.getElementsByTagNameNS("*", "ServiceType").item(0).getTextContent()).isEqualTo("relay");
        assertThat(SippCalls.callInfos(invite)).anySatisfy(v -> assertThat(v).endsWith(";purpose=EmergencyCallData.ProviderInfo"));
    }
}
