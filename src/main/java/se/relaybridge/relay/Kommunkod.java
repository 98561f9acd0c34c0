package se.relaybridge.relay;

import java.util.Set;

/**
 * Swedish municipality codes: four digits whose first two are the län (region) code. Routing sends the
 * call to the nurse queue of that region (DESIGN §7), so a code whose län does not exist is worthless.
 */
final class Kommunkod {

    /** The 21 län codes (01, 03–10, 12–14, 17–25); 02, 11, 15 and 16 were merged away. */
    static final Set<String> LAN_CODES = Set.of("01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13",
            "14", "17", "18", "19", "20", "21", "22", "23", "24", "25");

    private Kommunkod() {
    }

    static boolean isFourDigits(String code) {
        if (code == null || code.length() != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            if (code.charAt(i) < '0' || code.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The län code of a four-digit kommunkod, or null when its first two digits are no län. */
    static String lanOf(String code) {
        String lan = code.substring(0, 2);
        return LAN_CODES.contains(lan) ? lan : null;
    }
}
