package se.relaybridge.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLocationTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(ConfigLocation.DIR_PROPERTY);
    }

    @Test
    void embeddedDefaultsAreOnTheClasspath() throws IOException {
        ConfigLocation embedded = ConfigLocation.embedded();

        assertThat(embedded.description()).isEqualTo("embedded defaults");
        assertThat(embedded.root().getFileName()).hasToString("relaybridge-defaults");
        assertThat(embedded.sipConfig("sip.json")).isRegularFile();
        try (Stream<Path> profiles = Files.list(embedded.relayProfiles())) {
            assertThat(profiles.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("texttelefoni.json", "bildtelefoni.json", "teletal.json");
        }
    }

    @Test
    void configuredFolderWithoutSipJsonIsRefused() {
        System.setProperty(ConfigLocation.DIR_PROPERTY, dir.toString());

        assertThatThrownBy(ConfigLocation::resolve)
                .isInstanceOfSatisfying(ConfigProblem.class, p -> assertThat(p.field()).isEqualTo("relaybridge.config.dir"))
                .hasMessage(dir.toAbsolutePath().resolve("sip-config/sip.json")
                        + ": relaybridge.config.dir: the configured folder has no sip-config/sip.json");
    }

    @Test
    void configuredFolderWithSipJsonWins() throws IOException {
        Files.createDirectories(dir.resolve("sip-config"));
        Files.writeString(dir.resolve("sip-config/sip.json"), "{}");
        System.setProperty(ConfigLocation.DIR_PROPERTY, dir.toString());

        ConfigLocation location = ConfigLocation.resolve();

        assertThat(location.root()).isEqualTo(dir.toAbsolutePath());
        assertThat(location.sipConfig("queues.json")).isEqualTo(dir.toAbsolutePath().resolve("sip-config/queues.json"));
    }

    @Test
    void displayNameIsRelativeToTheRoot() {
        ConfigLocation location = ConfigLocation.of(dir);

        assertThat(location.displayName(location.relayProfiles().resolve("teletal.json")))
                .isEqualTo("relay-profiles/teletal.json");
        assertThat(location.displayName(location.sipConfig("sip.json"))).isEqualTo("sip-config/sip.json");
        Path elsewhere = dir.resolveSibling("other").resolve("sip.json");
        assertThat(location.displayName(elsewhere)).isEqualTo(elsewhere.toString());
    }
}
