package se.relaybridge.routing;

import java.util.Map;
import java.util.Optional;

/**
 * E.164 prefixes of Swedish numbers and the län each serves; a prefix that serves none (mobile, freephone,
 * premium…) maps to {@link #NO_REGION}. The longest matching prefix wins, so {@code +46900} (premium rate)
 * overrides {@code +4690} (Umeå).
 */
public record PrefixTable(Map<String, String> lanByPrefix) {

    /** The value of a non-geographic prefix. */
    public static final String NO_REGION = "";

    public PrefixTable {
        lanByPrefix = Map.copyOf(lanByPrefix);
    }

    /** What the longest prefix of {@code number} says, if any prefix matches. */
    public Optional<Match> lookup(String number) {
        if (number == null) {
            return Optional.empty();
        }
        for (int length = number.length(); length > 0; length--) {
            String lan = lanByPrefix.get(number.substring(0, length));
            if (lan != null) {
                return Optional.of(new Match(number.substring(0, length), lan.isEmpty() ? null : lan));
            }
        }
        return Optional.empty();
    }

    /** @param lan null for a prefix that carries no region */
    public record Match(String prefix, String lan) {
    }
}
