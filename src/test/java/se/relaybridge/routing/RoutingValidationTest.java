package se.relaybridge.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.routing.RoutingFixtures.QUEUES;
import static se.relaybridge.routing.RoutingFixtures.routingJson;

class RoutingValidationTest {

    private static final String FILE = "sip-config/routing.json: ";

    @TempDir
    Path root;

    private RoutingFile.Result read(String json) throws IOException {
        RoutingFixtures.write(root, json);
        return RoutingFile.read(ConfigLocation.of(root), QUEUES);
    }

    /** The fixture with {@code from} replaced by {@code to} must give exactly {@code expected}. */
    private void assertProblems(String from, String to, String... expected) throws IOException {
        String json = routingJson("");
        assertThat(json).contains(from);
        RoutingFile.Result result = read(json.replace(from, to));
        assertThat(result.table()).isNull();
        assertThat(result.problems()).extracting(ConfigProblem::getMessage)
                .containsExactly(java.util.Arrays.stream(expected).map(e -> FILE + e).toArray(String[]::new));
    }

    @Test
    void theFixtureIsValid() throws IOException {
        assertThat(read(routingJson("")).problems()).isEmpty();
    }

    @Test
    void unknownLan() throws IOException {
        assertProblems("\"lan\": \"25\", \"queue\": \"q25\"", "\"lan\": \"02\", \"queue\": \"q25\"",
                "regions[20].lan: '02' is not a län code (01, 03–10, 12–14, 17–25)",
                "regions: every län needs a queue; missing: 25");
    }

    @Test
    void lanListedTwice() throws IOException {
        assertProblems("\"lan\": \"25\", \"queue\": \"q25\"", "\"lan\": \"24\", \"queue\": \"q25\"",
                "regions[20].lan: '24' is listed twice (also regions[19])",
                "regions: every län needs a queue; missing: 25");
    }

    @Test
    void queueThatDoesNotExist() throws IOException {
        assertProblems("\"lan\": \"03\", \"queue\": \"q03\"", "\"lan\": \"03\", \"queue\": \"uppsala\"",
                "regions[1].queue: 'uppsala' is not one of the queues " + new java.util.TreeSet<>(QUEUES));
    }

    @Test
    void nationalQueueMissingOrUnknown() throws IOException {
        assertProblems("\"nationalQueue\": \"national\",", "",
                "nationalQueue: is missing (the queue for calls whose region is unknown)");
        assertProblems("\"nationalQueue\": \"national\",", "\"nationalQueue\": \"riks\",",
                "nationalQueue: 'riks' is not one of the queues " + new java.util.TreeSet<>(QUEUES));
    }

    @Test
    void prefixNotE164() throws IOException {
        assertProblems("\"+4631\"", "\"031\"", "areaCodes[11].prefix: '031' is not +46 followed by digits, e.g. +4631");
        assertProblems("\"+4631\"", "\"+46031\"", "areaCodes[11].prefix: '+46031' keeps the trunk 0: write +4631");
    }

    @Test
    void samePrefixWithAnotherLanContradicts() throws IOException {
        assertProblems("{ \"prefix\": \"+4635\", \"lan\": \"13\" }", "{ \"prefix\": \"+4631\", \"lan\": \"13\" }",
                "areaCodes[11].prefix: '+4631' contradicts areaCodes[10]: län 13 there, län 14 here");
    }

    @Test
    void samePrefixWithTheSameLanIsListedTwice() throws IOException {
        assertProblems("{ \"prefix\": \"+4635\", \"lan\": \"13\" }", "{ \"prefix\": \"+4631\", \"lan\": \"14\" }, { \"prefix\": \"+4635\", \"lan\": \"13\" }",
                "areaCodes[12].prefix: '+4631' is listed twice (also areaCodes[10])");
    }

    @Test
    void aPrefixCannotBeBothGeographicAndNot() throws IOException {
        assertProblems("{ \"prefix\": \"+46900\" }", "{ \"prefix\": \"+4690\" }",
                "nonGeographicPrefixes[1].prefix: '+4690' contradicts areaCodes[19]: län 24 there, no region here");
    }

    @Test
    void badHours() throws IOException {
        assertProblems("\"from\": \"08:00\", \"to\": \"22:00\"", "\"from\": \"8\", \"to\": \"22:00\"",
                "languages[1].hours[0].from: '8' is not a time HH:MM such as 08:00");
        assertProblems("\"from\": \"08:00\", \"to\": \"22:00\"", "\"from\": \"22:00\", \"to\": \"08:00\"",
                "languages[1].hours[0].to: 08:00 is not after from 22:00 (a span cannot cross midnight: write it as two lines)");
        assertProblems("\"from\": \"08:00\", \"to\": \"22:00\"", "\"from\": \"08:00\", \"to\": \"25:00\"",
                "languages[1].hours[0].to: '25:00' is not a time HH:MM such as 08:00 (or 24:00)");
        assertProblems("[\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\"]", "[\"MON\",\"TIS\"]",
                "languages[2].hours[0].days[1]: 'TIS' is not one of MON, TUE, WED, THU, FRI, SAT, SUN");
    }

    @Test
    void languageTagNotAPrimaryTag() throws IOException {
        assertProblems("\"language\": \"so\"", "\"language\": \"so-SO\"",
                "languages[2].language: 'so-SO' is not a primary language tag (2–3 lower-case letters) such as en, ar, so");
    }

    @Test
    void profileDefaultToAnUnknownLan() throws IOException {
        assertProblems("{ \"profile\": \"texttelefoni\", \"lan\": \"25\" }", "{ \"profile\": \"texttelefoni\", \"lan\": \"26\" }",
                "profileDefaults[0].lan: '26' is not a län code (01, 03–10, 12–14, 17–25)");
    }

    @Test
    void aProfileDefaultForAnUnknownProfileIsFine() throws IOException {
        RoutingFile.Result result = read(routingJson("").replace("\"texttelefoni\"", "\"not-yet-deployed\""));

        assertThat(result.problems()).isEmpty();
        assertThat(result.table().profileDefault("not-yet-deployed")).hasValue("25");
    }

    @Test
    void unknownTimeZone() throws IOException {
        assertProblems("\"Europe/Stockholm\"", "\"Europe/Stokholm\"",
                "timeZone: 'Europe/Stokholm' is not a time zone such as Europe/Stockholm");
    }

    @Test
    void misspeltFieldIsRefused() throws IOException {
        assertProblems("\"prefix\": \"+4618\"", "\"prefx\": \"+4618\"",
                "areaCodes[1].prefx: unknown field (known: prefix, lan, area)",
                "areaCodes[1].prefix: is missing");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        RoutingFile.Result result = read(routingJson("").replace("\"q03\"", "\"x\"").replace("\"+4631\"", "\"031\"")
                .replace("Europe/Stockholm", "Mars/Olympus"));

        assertThat(result.problems()).hasSize(3);
    }

    @Test
    void notJsonAtAll() throws IOException {
        assertThat(read("{ \"regions\": [ ").problems()).singleElement()
                .satisfies(p -> assertThat(p.getMessage()).startsWith(FILE + "(json): is not valid"));
    }
}
