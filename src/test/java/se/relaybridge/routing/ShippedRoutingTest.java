package se.relaybridge.routing;

import org.junit.jupiter.api.Test;
import se.relaybridge.config.ConfigLocation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code sip-config/routing.json} that ships, against the {@code queues.json} that ships. */
class ShippedRoutingTest {

    private static final ConfigLocation REPO = ConfigLocation.of(Path.of("").toAbsolutePath());

    private static RoutingTable shipped() {
        RoutingFile.Result result = RoutingFile.read(REPO, QueueDirectory.load(REPO).queues().keySet());
        assertThat(result.problems()).isEmpty();
        return result.table();
    }

    @Test
    void loadsWithoutProblemsWithEveryLan() {
        RoutingTable table = shipped();

        assertThat(table.regions().keySet()).containsExactlyInAnyOrderElementsOf(Lan.CODES);
        assertThat(table.timeZone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
        assertThat(table.nationalQueue()).isEqualTo("nurse");
    }

    @Test
    void everyAreaCodeIsInALanAndEveryLanHasOne() {
        RoutingTable table = shipped();
        var geographic = table.prefixes().lanByPrefix().values().stream().filter(lan -> !lan.isEmpty()).toList();

        assertThat(geographic).hasSize(264).allSatisfy(lan -> assertThat(Lan.CODES).contains(lan));
        assertThat(geographic).containsAll(Lan.CODES);
    }

    @Test
    void wellKnownAreaCodes() {
        PrefixTable p = shipped().prefixes();

        assertThat(p.lookup("+4681234567")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("01"));
        assertThat(p.lookup("+46311234567")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("14"));
        assertThat(p.lookup("+4640123456")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("12"));
        assertThat(p.lookup("+4690123456")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("24"));
        assertThat(p.lookup("+4698012345")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("25"));
        assertThat(p.lookup("+46498123456")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("09"));
        assertThat(p.lookup("+46175123456")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("01"));
        assertThat(p.lookup("+4660123456")).hasValueSatisfying(m -> assertThat(m.lan()).isEqualTo("22"));
    }

    @Test
    void mobileAndServiceNumbersCarryNoRegion() {
        PrefixTable p = shipped().prefixes();

        for (String number : new String[] {"+46701234567", "+46721234567", "+46731234567", "+46761234567",
                "+46791234567", "+46101234567", "+4620123456", "+46771234567", "+46900123456", "+46939123456"}) {
            assertThat(p.lookup(number)).as(number).hasValueSatisfying(m -> assertThat(m.lan()).isNull());
        }
    }

    @Test
    void shippedLanguageHoursAreTheSeeds() {
        RoutingTable table = shipped();
        Router router = new Router(() -> table, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

        assertThat(table.languages().keySet()).containsExactlyInAnyOrder("en", "ar", "so", "fa", "ru", "ti");
        ZoneId zone = table.timeZone();
        Instant sundayNight = Instant.parse("2025-01-19T02:00:00Z");
        Instant tuesdayNoon = Instant.parse("2025-01-14T11:00:00Z");
        Instant tuesdayEvening = Instant.parse("2025-01-14T19:00:00Z"); // 20:00 CET
        assertThat(table.languageQueue("en").orElseThrow().schedule().isOpen(sundayNight, zone)).isTrue();
        assertThat(table.languageQueue("ar").orElseThrow().schedule().isOpen(sundayNight, zone)).isFalse();
        assertThat(table.languageQueue("ar").orElseThrow().schedule().isOpen(tuesdayEvening, zone)).isTrue();
        for (String tag : new String[] {"so", "fa", "ru", "ti"}) {
            assertThat(table.languageQueue(tag).orElseThrow().schedule().isOpen(tuesdayNoon, zone)).as(tag).isTrue();
            assertThat(table.languageQueue(tag).orElseThrow().schedule().isOpen(tuesdayEvening, zone)).as(tag).isFalse();
        }
        assertThat(router.decide(new RouteRequest("texttelefoni", "+46311234567", null, null, "ti", tuesdayNoon)))
                .satisfies(d -> {
                    assertThat(d.region()).isEqualTo("14");
                    assertThat(d.queue()).isEqualTo("nurse");
                    assertThat(d.languageDecision()).isEqualTo("open");
                });
    }
}
