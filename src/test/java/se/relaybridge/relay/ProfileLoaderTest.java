package se.relaybridge.relay;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileLoaderTest {

    @TempDir
    Path root;

    private Path profiles;

    @BeforeEach
    void createFolder() throws IOException {
        profiles = Files.createDirectories(root.resolve("relay-profiles"));
    }

    @Test
    void loadsAValidProfile() throws IOException {
        write("text-relay.json", profile("text-relay", "text", "\"192.0.2.10/32\""));

        ProfileSet set = load();

        assertThat(set.problems()).isEmpty();
        assertThat(set.byId()).containsOnlyKeys("text-relay");
        RelayProfile p = set.get("text-relay").orElseThrow();
        assertThat(p.relayService()).isEqualTo(RelayService.TEXT);
        assertThat(p.inboundHeaders()).isEqualTo(InboundHeaders.DEFAULTS);
    }

    @Test
    void missingId() throws IOException {
        write("a.json", """
                { "service": "text", "trunk": { "sources": ["192.0.2.10/32"] } }""");
        assertOnlyProblem("relay-profiles/a.json: id: is missing");
    }

    @Test
    void idWithBadCharacters() throws IOException {
        write("a.json", profile("Text_Relay", "text", "\"192.0.2.10/32\""));
        assertOnlyProblem("relay-profiles/a.json: id: 'Text_Relay' must be lower-case letters, digits and '-'");
    }

    @Test
    void missingService() throws IOException {
        write("a.json", """
                { "id": "a", "trunk": { "sources": ["192.0.2.10/32"] } }""");
        assertOnlyProblem("relay-profiles/a.json: service: is missing (text, video or speech)");
    }

    @Test
    void unknownService() throws IOException {
        write("a.json", profile("a", "fax", "\"192.0.2.10/32\""));
        assertOnlyProblem("relay-profiles/a.json: service: 'fax' is not one of text, video, speech");
    }

    @Test
    void missingTrunk() throws IOException {
        write("a.json", """
                { "id": "a", "service": "video" }""");
        assertOnlyProblem("relay-profiles/a.json: trunk: is missing");
    }

    @Test
    void emptySources() throws IOException {
        write("a.json", profile("a", "text", ""));
        assertOnlyProblem("relay-profiles/a.json: trunk.sources: needs at least one address block, e.g. 192.0.2.10/32");
    }

    @Test
    void badBlockIsNamedByItsIndex() throws IOException {
        write("a.json", profile("a", "text", "\"192.0.2.10/32\", \"relay.example/32\""));
        assertOnlyProblem("relay-profiles/a.json: trunk.sources[1]: 'relay.example/32' is not an address block such as 192.0.2.10/32");
    }

    @Test
    void badInboundHeaderName() throws IOException {
        write("a.json", """
                { "id": "a", "service": "text", "trunk": { "sources": ["192.0.2.10/32"] },
                  "inbound": { "interpreterHeader": "X Relay" } }""");
        assertOnlyProblem("relay-profiles/a.json: inbound.interpreterHeader: 'X Relay' is not a SIP header name");
    }

    @Test
    void tlsSubjectThatIsNoX500Name() throws IOException {
        write("a.json", """
                { "id": "a", "service": "text",
                  "trunk": { "sources": ["192.0.2.10/32"], "tlsSubject": "relay.example" } }""");
        assertOnlyProblem("relay-profiles/a.json: trunk.tlsSubject: 'relay.example' is not an X.500 name such as "
                + "CN=relay.example,O=Relay AB,C=SE");
    }

    @Test
    void tlsSubjectThatIsAnX500NameLoads() throws IOException {
        write("a.json", """
                { "id": "a", "service": "text",
                  "trunk": { "sources": ["192.0.2.10/32"], "tlsSubject": "CN=relay.example, O=Relay AB, C=SE" } }""");

        ProfileSet set = load();

        assertThat(set.problems()).isEmpty();
        assertThat(set.get("a").orElseThrow().trunk().tlsSubject()).isEqualTo("CN=relay.example, O=Relay AB, C=SE");
    }

    @Test
    void invalidJson() throws IOException {
        write("a.json", "{ \"id\": \"a\", ");
        ProfileSet set = load();
        assertThat(set.byId()).isEmpty();
        assertThat(set.problems()).singleElement()
                .extracting(ConfigProblem::getMessage).asString()
                .startsWith("relay-profiles/a.json: (json): is not valid: ");
    }

    @Test
    void emptyFile() throws IOException {
        write("a.json", "  \n");
        assertOnlyProblem("relay-profiles/a.json: (file): is empty");
    }

    @Test
    void aSecondFileDeclaringTheSameIdIsRefusedByItsName() throws IOException {
        // every file is named after its id, so two files can no longer declare one id
        write("same.json", profile("same", "text", "\"192.0.2.10/32\""));
        write("b.json", profile("same", "video", "\"192.0.2.20/32\""));

        ProfileSet set = load();

        assertThat(problemMessages(set)).containsExactly(
                "relay-profiles/b.json: id: the file declares 'same', so it must be named same.json");
        assertThat(set.get("same")).hasValueSatisfying(p -> assertThat(p.service()).isEqualTo("text"));
    }

    @Test
    void duplicateIdIsStillRefusedWhenTheNameRuleIsBypassed() {
        // the last line of defence in the merge, reachable only with files made by hand
        RelayProfile first = new RelayProfile("same", null, "text", trunk("192.0.2.10/32"), null, null, null);
        RelayProfile second = new RelayProfile("same", null, "video", trunk("192.0.2.20/32"), null, null, null);

        ProfileSet set = ProfileLoader.merge(ProfileSet.empty(), List.of(
                new ProfileFile("a.json", "relay-profiles/a.json", first, List.of()),
                new ProfileFile("b.json", "relay-profiles/b.json", second, List.of())));

        assertThat(problemMessages(set)).containsExactly(
                "relay-profiles/b.json: id: 'same' is already used by another profile");
        assertThat(set.get("same")).containsSame(first);
    }

    @Test
    void overlappingSourceIsRefusedInTheLaterFile() throws IOException {
        write("first.json", profile("first", "text", "\"192.0.2.0/24\""));
        write("second.json", profile("second", "video", "\"198.51.100.1/32\", \"192.0.2.10/32\""));

        ProfileSet set = load();

        assertThat(problemMessages(set)).containsExactly(
                "relay-profiles/second.json: trunk.sources[1]: '192.0.2.10/32' overlaps 192.0.2.0/24 of profile 'first'");
        assertThat(set.byId()).containsOnlyKeys("first");
        assertThat(set.sources()).extracting(s -> s.cidr().text()).containsExactly("192.0.2.0/24");
    }

    @Test
    void validFilesStillLoadBesideAnInvalidOne() throws IOException {
        write("alpha.json", profile("alpha", "text", "\"192.0.2.10/32\""));
        write("beta.json", profile("beta", "fax", "\"192.0.2.20/32\""));
        write("gamma.json", profile("gamma", "speech", "\"192.0.2.30/32\""));
        write("notes.txt", "not a profile");

        ProfileSet set = load();

        assertThat(problemMessages(set)).containsExactly(
                "relay-profiles/beta.json: service: 'fax' is not one of text, video, speech");
        assertThat(set.byId()).containsOnlyKeys("alpha", "gamma");
    }

    @Test
    void matchPicksTheMostSpecificBlock() throws IOException {
        // a profile may hold overlapping blocks itself; overlaps are only refused between profiles
        write("wide.json", profile("wide", "text", "\"10.0.0.0/8\", \"10.1.0.0/16\""));
        write("other.json", profile("other", "video", "\"192.0.2.0/24\""));

        ProfileSet set = load();

        assertThat(set.problems()).isEmpty();
        assertThat(set.match(ip("10.1.2.3"))).map(RelayProfile::id).hasValue("wide");
        assertThat(set.match(ip("192.0.2.99"))).map(RelayProfile::id).hasValue("other");
        assertThat(set.match(ip("203.0.113.5"))).isEmpty();
        assertThat(set.match(ip("::1"))).isEmpty();
    }

    @Test
    void matchPrefersTheLongerPrefixWhateverTheOrder() throws IOException {
        ProfileSet set = new ProfileSet(Map.of(), List.of(source("10.0.0.0/8", "wide"),
                source("10.1.2.0/24", "narrow"), source("10.1.0.0/16", "middle")), List.of());

        assertThat(set.match(ip("10.1.2.3"))).map(RelayProfile::id).hasValue("narrow");
        assertThat(set.match(ip("10.1.9.9"))).map(RelayProfile::id).hasValue("middle");
        assertThat(set.match(ip("10.9.9.9"))).map(RelayProfile::id).hasValue("wide");
        assertThat(set.match(ip("11.0.0.1"))).isEmpty();
    }

    @Test
    void missingFolderGivesAnEmptySet() {
        ProfileSet set = ProfileLoader.load(ConfigLocation.of(root.resolve("nowhere")));
        assertThat(set.byId()).isEmpty();
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void shippedProfilesLoadWithoutProblems() throws IOException {
        // the Maven working directory is the project root
        ProfileSet set = ProfileLoader.load(ConfigLocation.of(Path.of("")));

        assertThat(problemMessages(set)).isEmpty();
        assertThat(set.byId()).containsOnlyKeys("texttelefoni", "bildtelefoni", "teletal");
        assertThat(set.get("texttelefoni").orElseThrow().relayService()).isEqualTo(RelayService.TEXT);
        assertThat(set.get("bildtelefoni").orElseThrow().relayService()).isEqualTo(RelayService.VIDEO);
        assertThat(set.get("teletal").orElseThrow().relayService()).isEqualTo(RelayService.SPEECH);
        assertThat(set.match(ip("127.0.0.11"))).map(RelayProfile::id).hasValue("texttelefoni");
        assertThat(set.match(ip("127.0.0.12"))).map(RelayProfile::id).hasValue("bildtelefoni");
        assertThat(set.match(ip("127.0.0.13"))).map(RelayProfile::id).hasValue("teletal");
        assertThat(set.match(ip("127.0.0.1"))).isEmpty();
    }

    private static String profile(String id, String service, String sources) {
        return """
                { "id": "%s", "name": "Test %s", "service": "%s",
                  "trunk": { "sources": [%s], "transports": ["udp"] } }""".formatted(id, id, service, sources);
    }

    private static ProfileSet.TrunkSource source(String cidr, String id) {
        return new ProfileSet.TrunkSource(Cidr.parse(cidr).orElseThrow(),
                new RelayProfile(id, null, "text", null, null, null, null));
    }

    private static TrunkSpec trunk(String source) {
        return new TrunkSpec(List.of(source), null, null, null, null);
    }

    private void write(String name, String json) throws IOException {
        Files.writeString(profiles.resolve(name), json);
    }

    private ProfileSet load() {
        return ProfileLoader.load(ConfigLocation.of(root));
    }

    private void assertOnlyProblem(String message) {
        ProfileSet set = load();
        assertThat(problemMessages(set)).containsExactly(message);
        assertThat(set.byId()).isEmpty();
        assertThat(set.sources()).isEmpty();
    }

    private static List<String> problemMessages(ProfileSet set) {
        return set.problems().stream().map(ConfigProblem::getMessage).toList();
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }
}
