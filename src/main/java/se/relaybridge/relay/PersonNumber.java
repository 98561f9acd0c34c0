package se.relaybridge.relay;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The person's E.164 number from a P-Asserted-Identity value. Between relay providers PAI carries the
 * deaf user's number (RFC 9248 §5.2.2); only a global number is usable for routing and callbacks, so a
 * local number, a name or an anonymous URI gives nothing.
 */
final class PersonNumber {

    private static final Pattern ANGLE = Pattern.compile("<([^>]*)>");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    /** RFC 3966 visual separators, allowed inside a telephone-subscriber. */
    private static final Pattern VISUAL_SEPARATORS = Pattern.compile("[-.()]");

    private PersonNumber() {
    }

    /** The first usable number among the URIs of the value (PAI may hold a sip and a tel URI). */
    static Optional<String> fromIdentity(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = ANGLE.matcher(value);
        boolean bracketed = false;
        while (m.find()) {
            bracketed = true;
            Optional<String> number = fromUri(m.group(1));
            if (number.isPresent()) {
                return number;
            }
        }
        return bracketed ? Optional.empty() : fromUri(value);
    }

    /** {@code tel:+46...} or {@code sip:/sips:+46...@host[;user=phone]}. */
    private static Optional<String> fromUri(String uri) {
        String u = uri.trim();
        String lower = u.toLowerCase(Locale.ROOT);
        String subscriber;
        if (lower.startsWith("tel:")) {
            subscriber = beforeAny(u.substring(4), ";");
        } else if (lower.startsWith("sip:") || lower.startsWith("sips:")) {
            String rest = u.substring(u.indexOf(':') + 1);
            int at = rest.indexOf('@');
            if (at < 0) {
                return Optional.empty();
            }
            // the user part may carry its own ;params (RFC 3261 §19.1.1) and a :password
            subscriber = beforeAny(rest.substring(0, at), ";:");
        } else {
            return Optional.empty();
        }
        String digits = VISUAL_SEPARATORS.matcher(subscriber).replaceAll("");
        return E164.matcher(digits).matches() ? Optional.of(digits) : Optional.empty();
    }

    private static String beforeAny(String text, String stops) {
        for (int i = 0; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
