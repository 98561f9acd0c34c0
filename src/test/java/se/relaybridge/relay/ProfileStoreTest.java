package se.relaybridge.relay;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ProfileStoreTest {

    private static final String ALPHA_IP = "192.0.2.10";
    private static final String BETA_IP = "192.0.2.20";

    @TempDir
    Path root;

    private Path profiles;
    private ScheduledExecutorService timers;

    @BeforeEach
    void createFolder() throws IOException {
        profiles = Files.createDirectories(root.resolve("relay-profiles"));
        write("alpha", profile("alpha", "Alpha", "text", ALPHA_IP + "/32"));
        write("beta", profile("beta", "Beta", "video", BETA_IP + "/32"));
    }

    @AfterEach
    void stopTimers() {
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    @Test
    void loadsOnConstruction() throws IOException {
        ProfileStore store = store();

        assertThat(store.current().problems()).isEmpty();
        assertThat(store.current().byId()).containsOnlyKeys("alpha", "beta");
        assertThat(store.current().match(ip(ALPHA_IP))).map(RelayProfile::id).hasValue("alpha");
    }

    @Test
    void reloadWithoutChangeChangesNothing() {
        ProfileStore store = store();
        ProfileSet before = store.current();

        ReloadResult result = store.reload();

        assertThat(result.anythingChanged()).isFalse();
        assertThat(result.summary()).isEqualTo("no change");
        assertThat(store.current().byId()).isEqualTo(before.byId());
    }

    @Test
    void aFileMadeInvalidKeepsItsLastGoodProfileServing() throws IOException {
        ProfileStore store = store();
        RelayProfile before = store.current().match(ip(ALPHA_IP)).orElseThrow();

        write("alpha", profile("alpha", "Alpha v2", "fax", ALPHA_IP + "/32"));
        ReloadResult result = store.reload();

        assertThat(messages(result.problems())).containsExactly(
                "relay-profiles/alpha.json: service: 'fax' is not one of text, video, speech");
        assertThat(result.keptLastGood()).containsExactly("alpha");
        assertThat(result.added()).isEmpty();
        assertThat(result.changed()).isEmpty();
        assertThat(result.removed()).isEmpty();
        assertThat(result.summary()).isEqualTo(
                "added [], changed [], removed [], last good version kept [alpha], 1 problem");
        assertThat(store.current().match(ip(ALPHA_IP))).containsSame(before);
        assertThat(messages(store.current().problems())).isEqualTo(messages(result.problems()));
    }

    @Test
    void aFileThatBecomesUnparseableKeepsItsLastGoodProfileToo() throws IOException {
        ProfileStore store = store();
        RelayProfile before = store.current().get("alpha").orElseThrow();

        // e.g. caught half written by the watcher
        Files.writeString(profiles.resolve("alpha.json"), "{ \"id\": \"alpha\", \"serv");
        ReloadResult result = store.reload();

        assertThat(messages(result.problems())).singleElement().asString()
                .startsWith("relay-profiles/alpha.json: (json): is not valid: ");
        assertThat(store.current().match(ip(ALPHA_IP))).containsSame(before);
    }

    @Test
    void anInvalidFileMadeValidAgainReplacesTheProfile() throws IOException {
        ProfileStore store = store();
        write("alpha", profile("alpha", "Alpha v2", "fax", ALPHA_IP + "/32"));
        store.reload();

        write("alpha", profile("alpha", "Alpha v3", "text", ALPHA_IP + "/32"));
        ReloadResult result = store.reload();

        assertThat(result.problems()).isEmpty();
        assertThat(result.changed()).containsExactly("alpha");
        assertThat(result.keptLastGood()).isEmpty();
        assertThat(store.current().match(ip(ALPHA_IP))).map(RelayProfile::name).hasValue("Alpha v3");
        assertThat(store.current().problems()).isEmpty();
    }

    @Test
    void aFileInvalidFromTheStartAddsItsProfileOnceValid() throws IOException {
        write("gamma", profile("gamma", "Gamma", "speech", "not-a-block"));
        ProfileStore store = store();
        assertThat(messages(store.current().problems())).containsExactly(
                "relay-profiles/gamma.json: trunk.sources[0]: 'not-a-block' is not an address block such as 192.0.2.10/32");

        write("gamma", profile("gamma", "Gamma", "speech", "192.0.2.30/32"));
        ReloadResult result = store.reload();

        assertThat(result.added()).containsExactly("gamma");
        assertThat(result.problems()).isEmpty();
        assertThat(store.current().match(ip("192.0.2.30"))).map(RelayProfile::id).hasValue("gamma");
    }

    @Test
    void aDeletedFileRemovesItsProfile() throws IOException {
        ProfileStore store = store();

        Files.delete(profiles.resolve("beta.json"));
        ReloadResult result = store.reload();

        assertThat(result.removed()).containsExactly("beta");
        assertThat(result.summary()).isEqualTo("added [], changed [], removed [beta], 0 problems");
        assertThat(store.current().byId()).containsOnlyKeys("alpha");
        assertThat(store.current().match(ip(BETA_IP))).isEmpty();
    }

    @Test
    void aDeletedFileThatWasInvalidRemovesItsLastGoodProfile() throws IOException {
        ProfileStore store = store();
        write("beta", profile("beta", "Beta", "fax", BETA_IP + "/32"));
        store.reload();

        Files.delete(profiles.resolve("beta.json"));
        ReloadResult result = store.reload();

        assertThat(result.removed()).containsExactly("beta");
        assertThat(result.problems()).isEmpty();
        assertThat(store.current().match(ip(BETA_IP))).isEmpty();
    }

    @Test
    void aNewValidFileAddsAProfile() throws IOException {
        ProfileStore store = store();

        write("gamma", profile("gamma", "Gamma", "speech", "192.0.2.30/32"));
        ReloadResult result = store.reload();

        assertThat(result.added()).containsExactly("gamma");
        assertThat(result.summary()).isEqualTo("added [gamma], changed [], removed [], 0 problems");
        assertThat(store.current().match(ip("192.0.2.30"))).map(RelayProfile::id).hasValue("gamma");
    }

    @Test
    void aProfileHeldByACallIsUntouchedByAReload() throws IOException {
        ProfileStore store = store();
        // what call admission hands a call when it starts
        RelayProfile held = store.current().match(ip(ALPHA_IP)).orElseThrow();

        write("alpha", profile("alpha", "Alpha v2", "video", ALPHA_IP + "/32", "192.0.2.11/32"));
        assertThat(store.reload().changed()).containsExactly("alpha");

        assertThat(store.current().match(ip(ALPHA_IP))).map(RelayProfile::name).hasValue("Alpha v2");
        assertThat(held.name()).isEqualTo("Alpha");
        assertThat(held.relayService()).isEqualTo(RelayService.TEXT);
        assertThat(held.trunk().sources()).containsExactly(ALPHA_IP + "/32");
        assertThatThrownBy(() -> held.trunk().sources().add("10.0.0.0/8"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aChangeThatOverlapsAnotherProfileIsRefusedAndTheOldVersionStays() throws IOException {
        ProfileStore store = store();
        RelayProfile alpha = store.current().get("alpha").orElseThrow();

        // alpha comes first by name; the unchanged beta must still win
        write("alpha", profile("alpha", "Alpha v2", "text", "192.0.2.0/24"));
        ReloadResult result = store.reload();

        assertThat(messages(result.problems())).containsExactly(
                "relay-profiles/alpha.json: trunk.sources[0]: '192.0.2.0/24' overlaps 192.0.2.20/32 of profile 'beta'");
        assertThat(result.keptLastGood()).containsExactly("alpha");
        assertThat(store.current().get("alpha")).containsSame(alpha);
        assertThat(store.current().match(ip(BETA_IP))).map(RelayProfile::id).hasValue("beta");
    }

    @Test
    void twoFilesSwappingTheirBlocksAreAcceptedTogether() throws IOException {
        ProfileStore store = store();

        write("alpha", profile("alpha", "Alpha", "text", BETA_IP + "/32"));
        write("beta", profile("beta", "Beta", "video", ALPHA_IP + "/32"));
        ReloadResult result = store.reload();

        assertThat(result.problems()).isEmpty();
        assertThat(result.changed()).containsExactly("alpha", "beta");
        assertThat(store.current().match(ip(ALPHA_IP))).map(RelayProfile::id).hasValue("beta");
        assertThat(store.current().match(ip(BETA_IP))).map(RelayProfile::id).hasValue("alpha");
    }

    @Test
    void aVanishedFolderKeepsEveryProfile() throws IOException {
        ProfileStore store = store();
        ProfileSet before = store.current();

        Files.move(profiles, root.resolve("relay-profiles.old"));
        ReloadResult result = store.reload();

        assertThat(messages(result.problems())).containsExactly("relay-profiles: (folder): is missing");
        assertThat(result.keptLastGood()).containsExactly("alpha", "beta");
        assertThat(store.current().byId()).isEqualTo(before.byId());
    }

    @Test
    void theWatcherReloadsWhenAFileIsAdded() throws IOException {
        ProfileStore store = watched();

        write("gamma", profile("gamma", "Gamma", "speech", "192.0.2.30/32"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.current().match(ip("192.0.2.30")).isPresent());
    }

    @Test
    void theWatcherReloadsWhenAFileIsRewritten() throws IOException {
        ProfileStore store = watched();
        FileTime before = Files.getLastModifiedTime(profiles.resolve("alpha.json"));

        // same size, so only the modification time tells; set it explicitly, as file times can be coarse
        write("alpha", profile("alpha", "Alphb", "text", ALPHA_IP + "/32"));
        Files.setLastModifiedTime(profiles.resolve("alpha.json"),
                FileTime.from(before.toInstant().plus(Duration.ofSeconds(5))));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> store.current().get("alpha").map(RelayProfile::name).orElse(""), "Alphb"::equals);
    }

    @Test
    void theWatcherReloadsWhenAFileIsDeleted() throws IOException {
        ProfileStore store = watched();

        Files.delete(profiles.resolve("beta.json"));

        await().atMost(Duration.ofSeconds(20)).until(() -> store.current().get("beta").isEmpty());
    }

    @Test
    void theWatcherKeepsTheLastGoodProfileOfABrokenFileAndThenTakesTheFix() throws IOException {
        ProfileStore store = watched();
        RelayProfile alpha = store.current().get("alpha").orElseThrow();

        write("alpha", profile("alpha", "Alpha", "fax", ALPHA_IP + "/32"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !store.current().problems().isEmpty());
        assertThat(store.current().match(ip(ALPHA_IP))).containsSame(alpha);

        write("alpha", profile("alpha", "Alpha", "speech", ALPHA_IP + "/32"));
        Files.setLastModifiedTime(profiles.resolve("alpha.json"), FileTime.from(Instant.now().plusSeconds(60)));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.current().problems().isEmpty());
        assertThat(store.current().match(ip(ALPHA_IP))).map(RelayProfile::relayService).hasValue(RelayService.SPEECH);
    }

    @Test
    void stopWatchingTakesThePollOffTheTimers() throws IOException {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        pool.setRemoveOnCancelPolicy(true);
        timers = pool;
        ProfileStore store = store();
        store.startWatching(timers, Duration.ofMillis(20));
        assertThat(pool.getQueue()).hasSize(1);

        store.stopWatching();

        assertThat(pool.getQueue()).isEmpty();
        // a reload by hand still works
        write("gamma", profile("gamma", "Gamma", "speech", "192.0.2.30/32"));
        assertThat(store.reload().added()).containsExactly("gamma");
    }

    @Test
    void startingTwiceLeavesOnePoll() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        pool.setRemoveOnCancelPolicy(true);
        timers = pool;
        ProfileStore store = store();

        store.startWatching(timers, Duration.ofMillis(20));
        store.startWatching(timers, Duration.ofMillis(20));

        assertThat(pool.getQueue()).hasSize(1);
    }

    @Test
    void worksOnTheApplicationArchiveFileSystem() throws IOException {
        // the embedded configuration lives inside the microbundle: a zip file system, with no WatchService
        Path zip = root.resolve("app.jar");
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Path jarProfiles = Files.createDirectories(jar.getPath("/relaybridge-defaults/relay-profiles"));
            Files.copy(profiles.resolve("alpha.json"), jarProfiles.resolve("alpha.json"));
        }
        try (FileSystem jar = FileSystems.newFileSystem(zip)) {
            ProfileStore store = new ProfileStore(new ConfigLocation(jar.getPath("/relaybridge-defaults"), "embedded"));

            assertThat(store.current().byId()).containsOnlyKeys("alpha");
            assertThat(store.current().problems()).isEmpty();
            assertThat(store.reload().summary()).isEqualTo("no change");
        }
    }

    @Test
    void theShippedProfilesLoadWithoutProblems() {
        // the Maven working directory is the project root
        ProfileStore store = new ProfileStore(ConfigLocation.of(Path.of("")));

        assertThat(store.current().problems()).isEmpty();
        assertThat(store.current().byId()).containsOnlyKeys("texttelefoni", "bildtelefoni", "teletal");
    }

    private ProfileStore store() {
        return new ProfileStore(ConfigLocation.of(root));
    }

    private ProfileStore watched() {
        ProfileStore store = store();
        timers = Executors.newSingleThreadScheduledExecutor();
        store.startWatching(timers, Duration.ofMillis(20));
        return store;
    }

    private static String profile(String id, String name, String service, String... sources) {
        return """
                { "id": "%s", "name": "%s", "service": "%s",
                  "trunk": { "sources": [%s], "transports": ["udp"] } }"""
                .formatted(id, name, service, String.join(", ", Stream.of(sources).map(s -> "\"" + s + "\"").toList()));
    }

    private void write(String id, String json) throws IOException {
        Files.writeString(profiles.resolve(id + ".json"), json);
    }

    private static List<String> messages(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::getMessage).toList();
    }

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }
}
