package se.relaybridge.routing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A routing.json where each län has its own queue (q01 … q25), so a test sees which län a call went to. */
final class RoutingFixtures {

    /** Per län: its main town's kommunkod, municipality name, and area code prefix. */
    record Town(String lan, String kommunkod, String municipality, String prefix) {
    }

    static final List<Town> TOWNS = List.of(
            new Town("01", "0180", "Stockholm", "+468"),
            new Town("03", "0380", "Uppsala", "+4618"),
            new Town("04", "0484", "Eskilstuna", "+4616"),
            new Town("05", "0580", "Linköping", "+4613"),
            new Town("06", "0680", "Jönköping", "+4636"),
            new Town("07", "0780", "Växjö", "+46470"),
            new Town("08", "0880", "Kalmar", "+46480"),
            new Town("09", "0980", "Gotland", "+46498"),
            new Town("10", "1080", "Karlskrona", "+46455"),
            new Town("12", "1280", "Malmö", "+4640"),
            new Town("13", "1380", "Halmstad", "+4635"),
            new Town("14", "1480", "Göteborg", "+4631"),
            new Town("17", "1780", "Karlstad", "+4654"),
            new Town("18", "1880", "Örebro", "+4619"),
            new Town("19", "1980", "Västerås", "+4621"),
            new Town("20", "2080", "Falun", "+4623"),
            new Town("21", "2180", "Gävle", "+4626"),
            new Town("22", "2281", "Sundsvall", "+4660"),
            new Town("23", "2380", "Östersund", "+4663"),
            new Town("24", "2480", "Umeå", "+4690"),
            new Town("25", "2580", "Luleå", "+46920"));

    static final Set<String> QUEUES = queues();
    static final Instant TUESDAY_10_CET = Instant.parse("2025-01-14T09:00:00Z");

    private RoutingFixtures() {
    }

    private static Set<String> queues() {
        Set<String> ids = new LinkedHashSet<>(List.of("national", "english", "arabic", "somali"));
        Lan.CODES.forEach(lan -> ids.add("q" + lan));
        return ids;
    }

    static String regionsJson() {
        return Lan.CODES.stream().map(lan -> "{ \"lan\": \"" + lan + "\", \"queue\": \"q" + lan + "\" }")
                .collect(Collectors.joining(",\n", "[", "]"));
    }

    static String areaCodesJson() {
        return TOWNS.stream().map(t -> "{ \"prefix\": \"" + t.prefix() + "\", \"lan\": \"" + t.lan() + "\" }")
                .collect(Collectors.joining(",\n", "[", "]"));
    }

    /** The whole test file, with {@code extraTop} (e.g. a broken field) appended to the top-level object. */
    static String routingJson(String extraTop) {
        return """
                { "timeZone": "Europe/Stockholm", "nationalQueue": "national",
                  "regions": %s,
                  "profileDefaults": [ { "profile": "texttelefoni", "lan": "25" } ],
                  "languages": [
                    { "language": "en", "queue": "english", "hours": [ { "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "from": "00:00", "to": "24:00" } ] },
                    { "language": "ar", "queue": "arabic", "hours": [ { "days": ["MON","TUE","WED","THU","FRI","SAT","SUN"], "from": "08:00", "to": "22:00" } ] },
                    { "language": "so", "queue": "somali", "hours": [ { "days": ["MON","TUE","WED","THU","FRI"], "from": "08:00", "to": "17:00" } ] } ],
                  "areaCodes": %s,
                  "nonGeographicPrefixes": [ { "prefix": "+4670", "use": "mobile" }, { "prefix": "+46900" } ]%s }"""
                .formatted(regionsJson(), areaCodesJson(), extraTop);
    }

    static Path write(Path root, String json) throws IOException {
        Path file = root.resolve("sip-config/routing.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    static RoutingTable table(Path root) throws IOException {
        write(root, routingJson(""));
        RoutingFile.Result result = RoutingFile.read(se.relaybridge.config.ConfigLocation.of(root), QUEUES);
        if (!result.ok()) {
            throw new AssertionError(result.problems());
        }
        return result.table();
    }

    static Router router(RoutingTable table) {
        return new Router(() -> table, Clock.fixed(TUESDAY_10_CET, ZoneOffset.UTC));
    }

    static String pidf(String country, String a1, String a2) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
                          xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" entity="pres:relay@example.se">
                  <tuple id="t1"><status><gp:geopriv><gp:location-info>
                    <ca:civicAddress>%s%s%s<ca:A6>Storgatan</ca:A6></ca:civicAddress>
                  </gp:location-info><gp:usage-rules/></gp:geopriv></status></tuple>
                </presence>""".formatted(
                country == null ? "" : "<ca:country>" + country + "</ca:country>",
                a1 == null ? "" : "<ca:A1>" + a1 + "</ca:A1>",
                a2 == null ? "" : "<ca:A2>" + a2 + "</ca:A2>");
    }
}
