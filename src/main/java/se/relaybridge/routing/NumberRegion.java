package se.relaybridge.routing;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The län of the person's number by its area code. The number itself never reaches the trail: only the matched
 * prefix, written the Swedish way with the rest hidden ({@code +46 31…}).
 */
final class NumberRegion {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private NumberRegion() {
    }

    static Evidence of(String number, PrefixTable prefixes) {
        String kind = RouteDecision.AREA_CODE;
        if (number == null || number.isBlank()) {
            return Evidence.none(kind, "no number");
        }
        if (!E164.matcher(number).matches()) {
            return Evidence.none(kind, "number is not E.164: no region");
        }
        if (!number.startsWith("+46")) {
            return Evidence.none(kind, "number is not Swedish: no region");
        }
        Optional<PrefixTable.Match> match = prefixes.lookup(number);
        if (match.isEmpty()) {
            return Evidence.none(kind, "number +46… has no known area code: no region");
        }
        String shown = masked(match.get().prefix());
        if (match.get().lan() == null) {
            return Evidence.none(kind, "number " + shown + " is mobile or non-geographic: no region");
        }
        return new Evidence(kind, match.get().lan(), "area-code " + shown + " → " + match.get().lan());
    }

    /** {@code +4631} → {@code +46 31…}. */
    static String masked(String prefix) {
        return "+46 " + prefix.substring(3) + "…";
    }
}
