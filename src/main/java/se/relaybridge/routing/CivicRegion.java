package se.relaybridge.routing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The län of a civic address: A2 as a kommunkod, else A2 as a municipality name, else A1 as a län. Only Swedish
 * addresses count. Values from the address go into the trail only once they have matched a known code or name:
 * anything else may be free text the person typed.
 */
final class CivicRegion {

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private CivicRegion() {
    }

    static Evidence of(CivicLocation civic, Municipalities municipalities) {
        String kind = RouteDecision.GEOLOCATION;
        if (civic == null) {
            return Evidence.none(kind, "no geolocation for routing");
        }
        if (!civic.isReadable()) {
            return Evidence.none(kind, "geolocation unreadable (" + civic.unreadable() + "): no region");
        }
        if (civic.country() != null && !civic.country().equalsIgnoreCase("SE")) {
            String shown = COUNTRY.matcher(civic.country()).matches() ? civic.country().toUpperCase() : "not SE";
            return Evidence.none(kind, "geolocation country " + shown + ": no region");
        }
        String a2 = civic.a2();
        if (a2 != null && a2.matches("[0-9]{4}")) {
            Optional<String> lan = Lan.ofKommunkod(a2);
            if (lan.isPresent()) {
                return new Evidence(kind, lan.get(), "geolocation A2 kommunkod " + a2 + " → " + lan.get());
            }
        }
        Optional<String> kommunkod = municipalities.kommunkodOf(a2);
        if (kommunkod.isPresent()) {
            String lan = kommunkod.get().substring(0, 2);
            return new Evidence(kind, lan, "geolocation A2 municipality " + kommunkod.get() + " → " + lan);
        }
        Optional<String> lan = Lan.ofName(civic.a1());
        if (lan.isPresent()) {
            return new Evidence(kind, lan.get(), "geolocation A1 län → " + lan.get());
        }
        return Evidence.none(kind, "geolocation names no known municipality or län: no region");
    }
}
