package se.relaybridge.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * BCP 47 language tags as relays send them (headers, SDP hlang-*): lower-cased, checked for well-formed
 * syntax (RFC 5646 §2.1, not the registry), Swedish Sign Language folded to {@code swl}.
 */
public final class LanguageTags {

    /** The well-formed langtag / privateuse production of RFC 5646 §2.1, on a lower-cased tag. */
    private static final Pattern WELL_FORMED = Pattern.compile(
            "(?:(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"   // language [-extlang]
                    + "(?:-[a-z]{4})?"                          // script
                    + "(?:-(?:[a-z]{2}|[0-9]{3}))?"             // region
                    + "(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*" // variants
                    + "(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"     // extensions
                    + "(?:-x(?:-[a-z0-9]{1,8})+)?"              // private use
                    + "|x(?:-[a-z0-9]{1,8})+)");

    /** Longer tags are legal but nobody sends them; the cap keeps a hostile header from growing the model. */
    private static final int MAX_LENGTH = 64;

    private LanguageTags() {
    }

    /**
     * @return the normalized tag, or empty for anything that is not a well-formed tag (null, blank, garbage)
     */
    public static Optional<String> normalize(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String t = tag.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty() || t.length() > MAX_LENGTH || !(isPlainLanguage(t) || WELL_FORMED.matcher(t).matches())) {
            return Optional.empty();
        }
        // Java's Locale does not canonicalize these: sgn-SE is the legacy (grandfathered-era) name and
        // sgn-swl the extlang form of Swedish Sign Language; nurses' systems must see one code.
        if (t.equals("sgn-se") || t.equals("sgn-swl")) {
            return Optional.of("swl");
        }
        return Optional.of(t);
    }

    /**
     * 2 to 8 letters alone: a language subtag ({@code sv}, {@code swl}), which the grammar accepts without the regex
     * (its matcher allocates on each of the tags every relay call carries).
     */
    private static boolean isPlainLanguage(String t) {
        if (t.length() < 2 || t.length() > 8) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
