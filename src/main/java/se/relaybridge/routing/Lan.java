package se.relaybridge.routing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sweden's 21 län (counties, the regions that run 1177) by their SCB code. The codes are fixed by law and change
 * only with a county reform, so they live here rather than in configuration: {@code routing.json} is checked
 * against them.
 */
public final class Lan {

    /** Code → official name, in code order; 02, 11, 15 and 16 were merged away. */
    public static final Map<String, String> NAMES = names();

    public static final Set<String> CODES = NAMES.keySet();

    private static final Pattern KOMMUNKOD = Pattern.compile("[0-9]{4}");
    private static final Pattern TWO_DIGITS = Pattern.compile("[0-9]{2}");
    private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");

    private Lan() {
    }

    private static Map<String, String> names() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("01", "Stockholms län");
        m.put("03", "Uppsala län");
        m.put("04", "Södermanlands län");
        m.put("05", "Östergötlands län");
        m.put("06", "Jönköpings län");
        m.put("07", "Kronobergs län");
        m.put("08", "Kalmar län");
        m.put("09", "Gotlands län");
        m.put("10", "Blekinge län");
        m.put("12", "Skåne län");
        m.put("13", "Hallands län");
        m.put("14", "Västra Götalands län");
        m.put("17", "Värmlands län");
        m.put("18", "Örebro län");
        m.put("19", "Västmanlands län");
        m.put("20", "Dalarnas län");
        m.put("21", "Gävleborgs län");
        m.put("22", "Västernorrlands län");
        m.put("23", "Jämtlands län");
        m.put("24", "Västerbottens län");
        m.put("25", "Norrbottens län");
        return java.util.Collections.unmodifiableMap(m);
    }

    public static boolean isKommunkod(String code) {
        return code != null && KOMMUNKOD.matcher(code).matches() && CODES.contains(code.substring(0, 2));
    }

    /** The län of a kommunkod: its first two digits, when they are a län. */
    public static Optional<String> ofKommunkod(String code) {
        return isKommunkod(code) ? Optional.of(code.substring(0, 2)) : Optional.empty();
    }

    /**
     * The län a civic address's A1 names: a code ({@code 14}) or a name as written in addresses ({@code Västra
     * Götalands län}, {@code Skåne}, {@code Region Skåne}); case does not matter.
     */
    public static Optional<String> ofName(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(SWEDISH).replace('-', ' ').replaceAll("\\s+", " ");
        if (TWO_DIGITS.matcher(t).matches()) {
            return CODES.contains(t) ? Optional.of(t) : Optional.empty();
        }
        t = t.replaceFirst("^region ", "").replaceFirst(" län$", "").replaceFirst(" lan$", "");
        for (Map.Entry<String, String> e : NAMES.entrySet()) {
            String stem = stem(e.getValue());
            // the official names are genitive (Stockholms län); addresses also write the bare name (Stockholm)
            if (t.equals(stem) || (stem.endsWith("s") && t.equals(stem.substring(0, stem.length() - 1)))) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    private static String stem(String officialName) {
        return officialName.toLowerCase(SWEDISH).replaceFirst(" län$", "");
    }
}
