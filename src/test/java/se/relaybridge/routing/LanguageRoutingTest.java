package se.relaybridge.routing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

class LanguageRoutingTest {

    private static final String GOTEBORG = "1480";

    @TempDir
    Path root;

    private Router router;

    @BeforeEach
    void table() throws IOException {
        router = RoutingFixtures.router(RoutingFixtures.table(root));
    }

    private RouteDecision route(String language, String instant) {
        return router.decide(new RouteRequest("bildtelefoni", null, GOTEBORG, null, language, Instant.parse(instant)));
    }

    @Test
    void englishAtThreeInTheNightGoesToTheEnglishQueue() {
        RouteDecision d = route("en", "2025-01-15T02:00:00Z"); // 03:00 CET

        assertThat(d.queue()).isEqualTo("english");
        assertThat(d.languageDecision()).isEqualTo("open");
        assertThat(d.region()).isEqualTo("14");
    }

    @Test
    void arabicAtElevenInTheEveningGoesToTheRegionWithTheLanguageKept() {
        RouteDecision d = route("ar", "2025-01-15T22:00:00Z"); // 23:00 CET

        assertThat(d.queue()).isEqualTo("q14");
        assertThat(d.language()).isEqualTo("ar");
        assertThat(d.languageDecision()).isEqualTo("closed");
        assertThat(d.trail()).last().isEqualTo("language ar: closed Wed 23:00 Europe/Stockholm → q14");
    }

    @Test
    void arabicClosesAtTwentyTwoSharp() {
        assertThat(route("ar", "2025-01-15T20:59:00Z").queue()).isEqualTo("arabic");
        assertThat(route("ar", "2025-01-15T21:00:00Z").queue()).isEqualTo("q14");
    }

    @Test
    void somaliOnASaturdayIsClosed() {
        RouteDecision d = route("so", "2025-01-18T10:00:00Z");

        assertThat(d.queue()).isEqualTo("q14");
        assertThat(d.languageDecision()).isEqualTo("closed");
        assertThat(d.language()).isEqualTo("so");
    }

    @Test
    void somaliOnATuesdayMorningGoesToTheSomaliQueue() {
        RouteDecision d = route("so", "2025-01-14T09:00:00Z"); // Tuesday 10:00 CET

        assertThat(d.queue()).isEqualTo("somali");
        assertThat(d.languageDecision()).isEqualTo("open");
    }

    @Test
    void openingFollowsStockholmWallClockAcrossTheSpringDstChange() {
        // 06:30 UTC is 07:30 on Friday 28 March (CET) but 08:30 on Monday 31 March (CEST, since the 30th)
        assertThat(route("so", "2025-03-28T06:30:00Z").languageDecision()).isEqualTo("closed");
        assertThat(route("so", "2025-03-31T06:30:00Z").languageDecision()).isEqualTo("open");
        // and the autumn change: 07:30 UTC is 09:30 CEST on Friday 24 Oct, 08:30 CET on Monday 27 Oct;
        // 16:30 UTC is 18:30 CEST (closed) then 17:30 CET (closed), 15:30 UTC 16:30 CET (open)
        assertThat(route("so", "2025-10-27T07:30:00Z").languageDecision()).isEqualTo("open");
        assertThat(route("so", "2025-10-24T15:30:00Z").languageDecision()).isEqualTo("closed");
        assertThat(route("so", "2025-10-27T15:30:00Z").languageDecision()).isEqualTo("open");
    }

    @Test
    void scheduleIsCheckedInTheZoneItIsGiven() {
        LanguageSchedule weekdays = new LanguageSchedule(List.of(
                new OpeningHours(Set.of(MONDAY, FRIDAY), java.time.LocalTime.of(8, 0), java.time.LocalTime.of(17, 0))));
        Instant mondayMorningUtc = Instant.parse("2025-07-07T06:30:00Z");

        assertThat(weekdays.isOpen(mondayMorningUtc, ZoneId.of("Europe/Stockholm"))).isTrue();
        assertThat(weekdays.isOpen(mondayMorningUtc, ZoneId.of("UTC"))).isFalse();
    }

    @Test
    void regionalTagsUseTheirPrimaryLanguageQueue() {
        RouteDecision d = route("en-GB", "2025-01-15T02:00:00Z");

        assertThat(d.queue()).isEqualTo("english");
        assertThat(d.language()).isEqualTo("en-gb");
    }

    @Test
    void swedishOrNoLanguageStaysRegional() {
        assertThat(route("sv", "2025-01-14T09:00:00Z")).satisfies(d -> {
            assertThat(d.queue()).isEqualTo("q14");
            assertThat(d.languageDecision()).isEqualTo("none");
        });
        assertThat(route(null, "2025-01-14T09:00:00Z").languageDecision()).isEqualTo("none");
    }

    @Test
    void aLanguageWithoutAQueueStaysRegionalWithTheLanguageKept() {
        RouteDecision d = route("fi", "2025-01-14T09:00:00Z");

        assertThat(d.queue()).isEqualTo("q14");
        assertThat(d.language()).isEqualTo("fi");
        assertThat(d.languageDecision()).isEqualTo("no-language-queue");
    }

    @Test
    void aMalformedTagIsIgnored() {
        RouteDecision d = route("not a tag!", "2025-01-14T09:00:00Z");

        assertThat(d.language()).isNull();
        assertThat(d.languageDecision()).isEqualTo("none");
        assertThat(d.trail()).contains("language tag not well-formed: ignored");
    }

    @Test
    void withoutAnInstantTheRoutersClockDecides() {
        // the fixture's clock stands at Tuesday 10:00 CET
        RouteDecision d = router.decide(new RouteRequest("bildtelefoni", null, GOTEBORG, null, "so", null));

        assertThat(d.queue()).isEqualTo("somali");
    }
}
