package se.relaybridge.relay;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

import static se.relaybridge.relay.ProfileSyntax.PLACEHOLDER;
import static se.relaybridge.relay.ProfileSyntax.SIP_URI;
import static se.relaybridge.relay.ProfileSyntax.TEL_E164;

/**
 * {@code callback.uriTemplate}: the URI a nurse calls to reach the person back through the relay, with
 * {@code {number}} (the person's number, E.164) and optionally {@code {service}} filled in per call. Checked by
 * filling in sample values and checking the URI that results, so a template that could never give a valid URI
 * is refused when the file is loaded, not when a nurse calls back.
 */
final class CallbackTemplate {

    static final List<String> PLACEHOLDERS = List.of("{number}", "{service}");
    private static final String EXAMPLE = "sip:{number}@callback.relay.example";

    private CallbackTemplate() {
    }

    /** What is wrong with the template, if anything. */
    static Optional<String> problem(String template) {
        if (template == null || template.isBlank()) {
            return Optional.of("is missing (e.g. " + EXAMPLE + ")");
        }
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group())) {
                return Optional.of("'" + template + "': " + m.group() + " is not a known placeholder (known: "
                        + String.join(", ", PLACEHOLDERS) + ")");
            }
        }
        if (!template.contains("{number}")) {
            return Optional.of("'" + template + "' must contain {number}");
        }
        String filled = template.replace("{number}", "+46000000000").replace("{service}", "text");
        if (!filled.matches(TEL_E164.pattern()) && !filled.matches(SIP_URI.pattern())) {
            return Optional.of("'" + template + "' is not a sip:, sips: or tel: URI such as " + EXAMPLE);
        }
        return Optional.empty();
    }
}
