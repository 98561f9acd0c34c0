package se.relaybridge.routing;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import se.relaybridge.routing.RoutingFixtures.Town;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.routing.RoutingFixtures.TOWNS;
import static se.relaybridge.routing.RoutingFixtures.pidf;

class RouterTest {

    @TempDir
    Path root;

    private Router router;

    @BeforeEach
    void table() throws IOException {
        router = RoutingFixtures.router(RoutingFixtures.table(root));
    }

    private RouteDecision route(String number, String kommunkod, CivicLocation geo) {
        return router.decide(new RouteRequest("bildtelefoni", number, kommunkod, geo, null, null));
    }

    private static String numberIn(Town town) {
        return town.prefix() + "12345678".substring(0, 12 - town.prefix().length());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void kommunkodPicksTheLansQueue(Town town) {
        RouteDecision d = route(null, town.kommunkod(), null);

        assertThat(d.region()).isEqualTo(town.lan());
        assertThat(d.queue()).isEqualTo("q" + town.lan());
        assertThat(d.evidence()).isEqualTo("kommunkod");
        assertThat(d.regionName()).isEqualTo(Lan.NAMES.get(town.lan()));
        assertThat(d.trail()).first().isEqualTo("kommunkod " + town.kommunkod() + " → " + town.lan());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void areaCodePicksTheLansQueue(Town town) {
        RouteDecision d = route(numberIn(town), null, null);

        assertThat(d.queue()).isEqualTo("q" + town.lan());
        assertThat(d.evidence()).isEqualTo("area-code");
        assertThat(d.trail()).contains("area-code +46 " + town.prefix().substring(3) + "… → " + town.lan());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void geolocationByKommunkodPicksTheLansQueue(Town town) {
        RouteDecision d = route(null, null, PidfLoCivic.parse(pidf("SE", null, town.kommunkod())));

        assertThat(d.queue()).isEqualTo("q" + town.lan());
        assertThat(d.evidence()).isEqualTo("geolocation");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void geolocationByMunicipalityNamePicksTheLansQueue(Town town) {
        RouteDecision d = route(null, null, PidfLoCivic.parse(pidf("SE", null, town.municipality())));

        assertThat(d.queue()).isEqualTo("q" + town.lan());
        assertThat(d.evidence()).isEqualTo("geolocation");
        assertThat(d.trail()).contains("geolocation A2 municipality " + town.kommunkod() + " → " + town.lan());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void geolocationByLanNamePicksTheLansQueue(Town town) {
        RouteDecision d = route(null, null, PidfLoCivic.parse(pidf("SE", Lan.NAMES.get(town.lan()), null)));

        assertThat(d.queue()).isEqualTo("q" + town.lan());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void strongestEvidenceWinsOverEveryOtherLan(Town town) {
        Town other = TOWNS.get((TOWNS.indexOf(town) + 1) % TOWNS.size());
        Town third = TOWNS.get((TOWNS.indexOf(town) + 2) % TOWNS.size());

        RouteDecision d = route(numberIn(third), town.kommunkod(), PidfLoCivic.parse(pidf("SE", null, other.kommunkod())));
        assertThat(d.queue()).isEqualTo("q" + town.lan());
        assertThat(d.evidence()).isEqualTo("kommunkod");

        RouteDecision withoutKommunkod = route(numberIn(third), null, PidfLoCivic.parse(pidf("SE", null, other.kommunkod())));
        assertThat(withoutKommunkod.queue()).isEqualTo("q" + other.lan());
        assertThat(withoutKommunkod.evidence()).isEqualTo("geolocation");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("se.relaybridge.routing.RoutingFixtures#TOWNS")
    void nothingKnownGoesToTheNationalQueue(Town town) {
        RouteDecision d = route("+46701234567", null, null);

        assertThat(d.queue()).isEqualTo("national");
        assertThat(d.region()).isNull();
        assertThat(d.evidence()).isEqualTo("national-fallback");
    }

    @Test
    void goteborgKommunkodBeatsAStockholmNumber() {
        RouteDecision d = route("+4686001234", "1480", null);

        assertThat(d.region()).isEqualTo("14");
        assertThat(d.queue()).isEqualTo("q14");
        assertThat(d.trail()).containsExactly(
                "kommunkod 1480 → 14",
                "no geolocation for routing",
                "area-code +46 8… → 01 (not used: weaker evidence)",
                "profile bildtelefoni has no default region");
    }

    @Test
    void mobileNumberFallsBackToTheProfileDefault() {
        RouteDecision d = router.decide(new RouteRequest("texttelefoni", "+46701234567", null, null, null, null));

        assertThat(d.queue()).isEqualTo("q25");
        assertThat(d.evidence()).isEqualTo("profile-default");
        assertThat(d.trail()).contains("number +46 70… is mobile or non-geographic: no region",
                "profile-default texttelefoni → 25");
    }

    @Test
    void mobileNumberWithoutProfileDefaultGoesNational() {
        RouteDecision d = route("+46701234567", null, null);

        assertThat(d.queue()).isEqualTo("national");
        assertThat(d.trail()).last().isEqualTo("national-fallback → national");
    }

    @Test
    void premiumRateOverridesTheUmeaAreaCode() {
        assertThat(route("+46900123456", null, null).evidence()).isEqualTo("national-fallback");
        assertThat(route("+4690123456", null, null).region()).isEqualTo("24");
    }

    @Test
    void foreignAndMalformedNumbersCarryNoRegion() {
        assertThat(route("+4722334455", null, null).trail()).contains("number is not Swedish: no region");
        assertThat(route("0317654321", null, null).trail()).contains("number is not E.164: no region");
    }

    @Test
    void anInvalidKommunkodIsIgnoredAndNotRepeated() {
        RouteDecision d = route("+46317654321", "0212", null);

        assertThat(d.region()).isEqualTo("14");
        assertThat(d.trail()).first().isEqualTo("kommunkod is not a Swedish municipality code: ignored");
    }

    @Test
    void geolocationAbroadOrUnreadableIsNoRegion() {
        RouteDecision abroad = route(null, null, PidfLoCivic.parse(pidf("NO", "Oslo", "0301")));
        RouteDecision broken = route(null, null, PidfLoCivic.parse("<presence><unclosed>"));

        assertThat(abroad.evidence()).isEqualTo("national-fallback");
        assertThat(abroad.trail()).contains("geolocation country NO: no region");
        assertThat(broken.evidence()).isEqualTo("national-fallback");
        assertThat(broken.trail()).contains("geolocation unreadable (not well-formed XML): no region");
    }

    @Test
    void noTrailLineHoldsTheWholeNumber() {
        String number = "+46317654321";
        RouteDecision d = router.decide(new RouteRequest("texttelefoni", number, "1480", null, "ar", null));

        assertThat(d.trail()).allSatisfy(line -> assertThat(line).doesNotContain("7654321"));
    }
}
