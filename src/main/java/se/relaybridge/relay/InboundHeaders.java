package se.relaybridge.relay;

/** {@code inbound}: the header names this relay uses for its metadata; absent names take the defaults. */
public record InboundHeaders(String interpreterHeader, String municipalityHeader, String languageHeader) {

    public static final InboundHeaders DEFAULTS =
            new InboundHeaders("X-Relay-Interpreter", "X-Relay-Municipality", "X-Relay-Language");

    public InboundHeaders withDefaults() {
        return new InboundHeaders(
                orDefault(interpreterHeader, DEFAULTS.interpreterHeader),
                orDefault(municipalityHeader, DEFAULTS.municipalityHeader),
                orDefault(languageHeader, DEFAULTS.languageHeader));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
