package se.relaybridge.e2e;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.RoutingConfig.NATIONAL;
import static se.relaybridge.e2e.RoutingConfig.STOCKHOLM;
import static se.relaybridge.e2e.RoutingConfig.VASTRA_GOTALAND;

/**
 * The person's region decides the nurse queue (DESIGN §7), over SIP with the {@link RoutingConfig} queues: only the
 * queue the call must reach is played by SIPp, so a call routed anywhere else finds nobody and fails. The decision
 * is read back from the JSON the queue received.
 */
public interface RoutingScenarios extends SippCalls {

    String VIDEO_RELAY_TRUNK = "127.0.0.12";
    String STOCKHOLM_NUMBER = "+46812345678";
    String MOBILE_NUMBER = "+46701234567";

    /** The port of a {@link RoutingConfig} queue. */
    int queuePortOf(String queue);

    @Test
    default void goteborgKommunkodFromAStockholmNumberLandsInVastraGotaland() {
        JsonObject route = callLandingIn(VASTRA_GOTALAND, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER).withInviteHeaders("X-Relay-Municipality: 1480"));

        assertThat(route.getString("region")).isEqualTo("14");
        assertThat(route.getString("regionName")).isEqualTo("Västra Götalands län");
        assertThat(route.getString("evidence")).isEqualTo("kommunkod");
        assertThat(route.getString("queue")).isEqualTo(VASTRA_GOTALAND);
        assertThat(trail(route)).containsExactly("kommunkod 1480 → 14", "no geolocation for routing",
                "area-code +46 8… → 01 (not used: weaker evidence)", "profile texttelefoni has no default region");
        assertThat(route.getString("languageDecision")).isEqualTo("none");
    }

    @Test
    default void aStockholmNumberWithoutKommunkodLandsInStockholmByItsAreaCode() {
        JsonObject route = callLandingIn(STOCKHOLM, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER));

        assertThat(route.getString("evidence")).isEqualTo("area-code");
        assertThat(route.getString("region")).isEqualTo("01");
    }

    @Test
    default void aMobileNumberWithoutKommunkodLandsInTheNationalQueue() {
        JsonObject route = callLandingIn(NATIONAL, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", MOBILE_NUMBER));

        assertThat(route.getString("evidence")).isEqualTo("national-fallback");
        assertThat(route.containsKey("region")).isFalse();
        assertThat(trail(route)).contains("number +46 70… is mobile or non-geographic: no region",
                "national-fallback → national");
    }

    @Test
    default void aMobileNumberOnAProfileWithADefaultRegionLandsThere() {
        JsonObject route = callLandingIn(STOCKHOLM, VIDEO_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", MOBILE_NUMBER));

        assertThat(route.getString("evidence")).isEqualTo("profile-default");
        assertThat(trail(route)).contains("profile-default bildtelefoni → 01");
    }

    @Test
    default void aLocationTheRelaySentForRoutingBeatsTheAreaCode() {
        JsonObject route = callLandingIn(VASTRA_GOTALAND, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER)
                .with("INVITE_BODY", Scenario.fragment("body_sdp_with_location.txt")
                        .replace("@SDP@", Scenario.fragment("sdp_audio_text.txt")))
                .withInviteHeaders("Geolocation: <cid:location-1@relay.example>", "Geolocation-Routing: yes"));

        assertThat(route.getString("evidence")).isEqualTo("geolocation");
        assertThat(trail(route)).first().isEqualTo("no kommunkod");
        assertThat(trail(route)).contains("geolocation A2 municipality 1480 → 14");
    }

    @Test
    default void aLocationNotAllowedForRoutingIsNotUsed() {
        JsonObject route = callLandingIn(STOCKHOLM, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER)
                .with("INVITE_BODY", Scenario.fragment("body_sdp_with_location.txt")
                        .replace("@SDP@", Scenario.fragment("sdp_audio_text.txt")))
                .withInviteHeaders("Geolocation: <cid:location-1@relay.example>", "Geolocation-Routing: no"));

        assertThat(route.getString("evidence")).isEqualTo("area-code");
        assertThat(trail(route)).contains("no geolocation for routing");
    }

    /** A call that must reach {@code queue}; the route of the JSON that queue received. */
    default JsonObject callLandingIn(String queue, String trunk, Scenario relayScenario) {
        SippPeer nurse = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                queueIp(), queuePortOf(queue), CALL_LIMIT, queueTransport());
        awaitAnswering(queuePortOf(queue));
        SippPeer relay = relay(trunk, relayScenario.withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, nurse);
        assertNoCallLeft();
        QueueInviteBody body = QueueInviteBody.of(nurse.received("INVITE"));
        // the relay's location stays with relaybridge: only the SDP goes on
        assertThat(body.has("application/pidf+xml")).isFalse();
        return body.relayJson().getJsonObject("route");
    }

    static List<String> trail(JsonObject route) {
        return route.getJsonArray("trail").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
