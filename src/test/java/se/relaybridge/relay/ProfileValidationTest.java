package se.relaybridge.relay;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Field checks of a relay profile file: each case takes a complete valid profile, changes one thing and expects
 * exactly one problem, with its exact message.
 */
class ProfileValidationTest {

    /** Every field set, all valid; each case below replaces one fragment of it. */
    private static final String FULL = """
            { "id": "a", "name": "Relay A", "service": "text",
              "trunk": { "sources": ["192.0.2.10/32"], "transports": ["udp", "tcp", "tls"], "tlsSubject": null,
                         "maxConcurrentCalls": 60, "maxCallsPerSecond": 5 },
              "provider": { "domain": "relay.example", "contactUri": "tel:+4620600650", "languages": ["sv", "en"] },
              "inbound": { "interpreterHeader": "X-Relay-Interpreter", "municipalityHeader": "X-Relay-Municipality",
                           "languageHeader": "X-Relay-Language" },
              "callback": { "uriTemplate": "sip:{number}@callback.relay.example", "validHours": 72 } }""";

    @TempDir
    Path root;

    private Path profiles;

    @BeforeEach
    void createFolder() throws IOException {
        profiles = Files.createDirectories(root.resolve("relay-profiles"));
    }

    @Test
    void theFullProfileIsValid() throws IOException {
        write("a.json", FULL);

        ProfileSet set = load();

        assertThat(set.problems()).isEmpty();
        RelayProfile a = set.get("a").orElseThrow();
        assertThat(a.trunk().transports()).containsExactly("udp", "tcp", "tls");
        assertThat(a.trunk().maxConcurrentCalls()).isEqualTo(60);
        assertThat(a.provider().languages()).containsExactly("sv", "en");
        assertThat(a.callback().validHours()).isEqualTo(72);
    }

    /**
     * {@code queuePriority} never had an effect and is gone from the model; a file that still has it must keep
     * loading (refused at the next restart, its trunk would be out of service), with one warning naming file and
     * field, whatever value it carries.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "12", "\"high\"", "null"})
    void anOldProfileWithQueuePriorityLoadsWithOneWarningNamingFileAndField(String value) throws IOException {
        write("a.json", replaceOnce(FULL, "\"validHours\": 72 } }", "\"validHours\": 72 }, \"queuePriority\": " + value + " }"));
        List<String> warnings = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("se.relaybridge.relay");
        logger.addHandler(handler);
        ProfileSet set;
        try {
            set = load();
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(problemMessages(set)).isEmpty();
        assertThat(set.get("a")).isPresent();
        assertThat(warnings).containsExactly("relay-profiles/a.json: queuePriority is obsolete and ignored "
                + "(it never had an effect); remove it from the file");
    }

    @Test
    void theFileMustBeNamedAfterTheIdItDeclares() throws IOException {
        write("relay-a.json", FULL);
        assertOnlyProblem("relay-a.json: id: the file declares 'a', so it must be named a.json");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // unknown fields, with their path
                arguments("\"service\": \"text\"", "\"sevice\": \"text\"",
                        "sevice: unknown field (known: id, name, service, trunk, provider, inbound, callback)"),
                arguments("\"maxCallsPerSecond\"", "\"maxCallsPerSecnd\"", "trunk.maxCallsPerSecnd: unknown field "
                        + "(known: sources, transports, tlsSubject, maxConcurrentCalls, maxCallsPerSecond)"),
                arguments("\"languages\"", "\"langauges\"",
                        "provider.langauges: unknown field (known: domain, contactUri, languages)"),
                arguments("\"languageHeader\"", "\"languageHeder\"", "inbound.languageHeder: unknown field "
                        + "(known: interpreterHeader, municipalityHeader, languageHeader)"),
                arguments("\"validHours\"", "\"validHour\"", "callback.validHour: unknown field (known: uriTemplate, validHours)"),
                // wrong JSON types name the field
                arguments("\"validHours\": 72", "\"validHours\": \"high\"", "callback.validHours: must be a whole number, not a string"),
                arguments("\"validHours\": 72", "\"validHours\": 1.5", "callback.validHours: must be a whole number, not a fraction"),
                arguments("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 6000000000",
                        "trunk.maxConcurrentCalls: is far too large"),
                arguments("\"service\": \"text\"", "\"service\": true", "service: must be a string, not true/false"),
                arguments("[\"192.0.2.10/32\"]", "\"192.0.2.10/32\"",
                        "trunk.sources: must be a list of strings [ ... ], not a string"),
                arguments("[\"192.0.2.10/32\"]", "[\"192.0.2.10/32\", 5]", "trunk.sources[1]: must be a string, not a number"),
                arguments("[\"sv\", \"en\"]", "[\"sv\", null]", "provider.languages[1]: must be a string, not null"),
                arguments("{ \"uriTemplate\": \"sip:{number}@callback.relay.example\", \"validHours\": 72 }",
                        "[\"sip:{number}@callback.relay.example\"]", "callback: must be an object { ... }, not a list"),
                // values
                arguments("[\"udp\", \"tcp\", \"tls\"]", "[\"udp\", \"tcp\", \"sctp\"]", "trunk.transports[2]: 'sctp' is not one of udp, tcp, tls"),
                arguments("[\"udp\", \"tcp\", \"tls\"]", "[\"UDP\"]", "trunk.transports[0]: 'UDP' is not one of udp, tcp, tls"),
                arguments("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 0", "trunk.maxConcurrentCalls: must be 1-100000, not 0"),
                arguments("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 100001",
                        "trunk.maxConcurrentCalls: must be 1-100000, not 100001"),
                arguments("\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 0", "trunk.maxCallsPerSecond: must be 1-10000, not 0"),
                arguments("\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 10001",
                        "trunk.maxCallsPerSecond: must be 1-10000, not 10001"),
                arguments("\"relay.example\"", "\"relay example\"", "provider.domain: 'relay example' is not a domain name such as relay.example"),
                arguments("\"tel:+4620600650\"", "\"tel:020-600650\"",
                        "provider.contactUri: must be tel: with an E.164 number (tel:+46...) or a sip: URI"),
                arguments("\"tel:+4620600650\"", "\"+4620600650\"",
                        "provider.contactUri: must be tel: with an E.164 number (tel:+46...) or a sip: URI"),
                arguments("\"tel:+4620600650\"", "\"tel:+46 20 600650\"",
                        "provider.contactUri: must be tel: with an E.164 number (tel:+46...) or a sip: URI"),
                arguments("\"tel:+4620600650\"", "\"https://relay.example\"",
                        "provider.contactUri: must be tel: with an E.164 number (tel:+46...) or a sip: URI"),
                arguments("[\"sv\", \"en\"]", "[\"sv\", \"sv_SE\"]",
                        "provider.languages[1]: 'sv_SE' is not a language tag such as sv, en, swl or sgn-SE"),
                arguments("[\"sv\", \"en\"]", "[\"s\"]", "provider.languages[0]: 's' is not a language tag such as sv, en, swl or sgn-SE"),
                arguments("[\"sv\", \"en\"]", "[\"sgn-\"]", "provider.languages[0]: 'sgn-' is not a language tag such as sv, en, swl or sgn-SE"),
                arguments("[\"sv\", \"en\"]", "[\"swedish1\"]",
                        "provider.languages[0]: 'swedish1' is not a language tag such as sv, en, swl or sgn-SE"),
                arguments("\"sip:{number}@callback.relay.example\"", "\"https://relay.example/{number}\"",
                        "callback.uriTemplate: 'https://relay.example/{number}' is not a sip:, sips: or tel: URI "
                                + "such as sip:{number}@callback.relay.example"),
                arguments("\"sip:{number}@callback.relay.example\"", "\"sip:callback@relay.example\"",
                        "callback.uriTemplate: 'sip:callback@relay.example' must contain {number}"),
                arguments("\"sip:{number}@callback.relay.example\"", "\"sip:{nummer}@relay.example\"",
                        "callback.uriTemplate: 'sip:{nummer}@relay.example': {nummer} is not a known placeholder "
                                + "(known: {number}, {service})"),
                arguments("\"sip:{number}@callback.relay.example\"", "\"sip:{number}}@relay.example\"",
                        "callback.uriTemplate: 'sip:{number}}@relay.example' is not a sip:, sips: or tel: URI "
                                + "such as sip:{number}@callback.relay.example"),
                arguments("\"uriTemplate\": \"sip:{number}@callback.relay.example\", ", "",
                        "callback.uriTemplate: is missing (e.g. sip:{number}@callback.relay.example)"),
                arguments("\"validHours\": 72", "\"validHours\": 0", "callback.validHours: must be 1-8760, not 0"),
                arguments("\"validHours\": 72", "\"validHours\": 8761", "callback.validHours: must be 1-8760, not 8761"),
                arguments("\"X-Relay-Language\"", "\"X-Relay:Language\"",
                        "inbound.languageHeader: 'X-Relay:Language' is not a SIP header name"));
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("invalid")
    void oneProblemNamesFileAndField(String from, String to, String problem) throws IOException {
        write("a.json", replaceOnce(FULL, from, to));
        assertOnlyProblem("a.json: " + problem);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                arguments("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 1"),
                arguments("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 100000"),
                arguments("\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 10000"),
                arguments("\"validHours\": 72", "\"validHours\": 8760"),
                arguments("\"tel:+4620600650\"", "\"sip:kontakt@relay.example\""),
                arguments("\"tel:+4620600650\"", "\"sips:kontakt@relay.example:5061;transport=tls\""),
                arguments("[\"sv\", \"en\"]", "[\"swl\", \"sgn-SE\", \"en-GB\"]"),
                arguments("[\"sv\", \"en\"]", "[]"),
                arguments("\"sip:{number}@callback.relay.example\"", "\"tel:{number}\""),
                arguments("\"sip:{number}@callback.relay.example\"", "\"sips:{number}@{service}.relay.example\""),
                arguments("[\"udp\", \"tcp\", \"tls\"]", "[]"),
                arguments("\"tlsSubject\": null", "\"tlsSubject\": \"CN=relay.example,O=Relay AB,C=SE\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("valid")
    void boundariesAndAlternativesAreAccepted(String from, String to) throws IOException {
        write("a.json", replaceOnce(FULL, from, to));

        ProfileSet set = load();

        assertThat(problemMessages(set)).isEmpty();
        assertThat(set.byId()).containsOnlyKeys("a");
    }

    @Test
    void aProfileWithOnlyTheRequiredFieldsLoads() throws IOException {
        write("a.json", """
                { "id": "a", "service": "text", "trunk": { "sources": ["192.0.2.10/32"] } }""");

        ProfileSet set = load();

        assertThat(problemMessages(set)).isEmpty();
        RelayProfile a = set.get("a").orElseThrow();
        assertThat(a.provider()).isNull();
        assertThat(a.callback()).isNull();
        assertThat(a.inboundHeaders()).isEqualTo(InboundHeaders.DEFAULTS);
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() throws IOException {
        write("a.json", replaceOnce(replaceOnce(replaceOnce(FULL, "\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 0"),
                "[\"sv\", \"en\"]", "[\"sv_SE\"]"), "\"validHours\": 72", "\"validHours\": 0"));

        assertThat(problemMessages(load())).containsExactly(
                "relay-profiles/a.json: trunk.maxCallsPerSecond: must be 1-10000, not 0",
                "relay-profiles/a.json: provider.languages[0]: 'sv_SE' is not a language tag such as sv, en, swl or sgn-SE",
                "relay-profiles/a.json: callback.validHours: must be 1-8760, not 0");
    }

    @Test
    void typeProblemsAreReportedBeforeAndInsteadOfValueProblems() throws IOException {
        // "service" of the wrong type must not also be reported as missing
        write("a.json", replaceOnce(replaceOnce(FULL, "\"service\": \"text\"", "\"service\": 1"),
                "\"validHours\"", "\"validHuors\""));

        assertThat(problemMessages(load())).containsExactly(
                "relay-profiles/a.json: service: must be a string, not a number",
                "relay-profiles/a.json: callback.validHuors: unknown field (known: uriTemplate, validHours)");
    }

    @Test
    void aKeyWrittenTwiceIsRefused() throws IOException {
        write("a.json", replaceOnce(FULL, "\"service\": \"text\"", "\"service\": \"text\", \"service\": \"video\""));

        assertThat(problemMessages(load())).singleElement().asString()
                .startsWith("relay-profiles/a.json: (json): is not valid: ")
                .contains("service");
    }

    @Test
    void aFileThatIsNoObjectIsRefused() throws IOException {
        write("a.json", "[" + FULL + "]");
        assertOnlyProblem("a.json: (json): must be one JSON object { ... }");
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertThat(at).as("fragment %s", from).isNotNegative();
        assertThat(text.indexOf(from, at + 1)).as("fragment %s occurs once", from).isNegative();
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(profiles.resolve(name), json);
    }

    private ProfileSet load() {
        return ProfileLoader.load(ConfigLocation.of(root));
    }

    private void assertOnlyProblem(String fileAndProblem) {
        ProfileSet set = load();
        assertThat(problemMessages(set)).containsExactly("relay-profiles/" + fileAndProblem);
        assertThat(set.byId()).isEmpty();
        assertThat(set.sources()).isEmpty();
    }

    private static List<String> problemMessages(ProfileSet set) {
        return set.problems().stream().map(ConfigProblem::getMessage).toList();
    }
}
