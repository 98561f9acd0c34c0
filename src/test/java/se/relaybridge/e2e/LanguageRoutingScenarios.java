package se.relaybridge.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.RoutingConfig.ENGLISH;
import static se.relaybridge.e2e.RoutingConfig.STOCKHOLM;

/**
 * The seed's language queues and opening hours (Europe/Stockholm) over SIP: needs relaybridge's clock, so it runs
 * only where the test starts relaybridge itself.
 */
public interface LanguageRoutingScenarios extends RoutingScenarios {

    ZoneId STOCKHOLM_TIME = ZoneId.of("Europe/Stockholm");

    /** Makes relaybridge's clock run from this moment. */
    void clockAt(Instant moment);

    private static Instant stockholm(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(STOCKHOLM_TIME).toInstant();
    }

    private JsonObject callInLanguage(String language, String queue) {
        return callLandingIn(queue, TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("PERSON_NUMBER", STOCKHOLM_NUMBER).withInviteHeaders("X-Relay-Language: " + language));
    }

    @Test
    default void anEnglishCallAtThreeInTheMorningLandsInTheEnglishQueue() {
        clockAt(stockholm("2026-11-25T03:00:00")); // a Wednesday

        JsonObject route = callInLanguage("en", ENGLISH);

        assertThat(route.getString("language")).isEqualTo("en");
        assertThat(route.getString("languageDecision")).isEqualTo("open");
        assertThat(route.getString("queue")).isEqualTo(ENGLISH);
        assertThat(route.getString("region")).as("the region is still known").isEqualTo("01");
    }

    @Test
    default void anArabicCallAtElevenAtNightLandsInTheRegionalQueueWithItsLanguage() {
        clockAt(stockholm("2026-11-25T23:00:00"));

        JsonObject route = callInLanguage("ar", STOCKHOLM);

        assertThat(route.getString("language")).isEqualTo("ar");
        assertThat(route.getString("languageDecision")).isEqualTo("closed");
        assertThat(route.getString("queue")).isEqualTo(STOCKHOLM);
    }

    @Test
    default void aSomaliCallOnASaturdayLandsInTheRegionalQueueWithItsLanguage() {
        clockAt(stockholm("2026-11-28T10:00:00")); // a Saturday, inside weekday hours

        JsonObject route = callInLanguage("so", STOCKHOLM);

        assertThat(route.getString("language")).isEqualTo("so");
        assertThat(route.getString("languageDecision")).isEqualTo("closed");
    }
}
