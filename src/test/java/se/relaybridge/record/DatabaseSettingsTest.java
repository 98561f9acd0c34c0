package se.relaybridge.record;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseSettingsTest {

    @TempDir
    Path root;

    private static final Map<String, String> ENV = Map.of("RELAYBRIDGE_DB_PASSWORD", "pw-from-env-7f3a");

    @BeforeEach
    void sipConfig() throws IOException {
        Files.createDirectories(root.resolve("sip-config"));
    }

    private DatabaseSettings load(String json) throws IOException {
        if (json != null) {
            Files.writeString(root.resolve("sip-config/database.json"), json);
        }
        return DatabaseSettings.load(ConfigLocation.of(root), ENV::get, root.resolve("work"));
    }

    private void refused(String json, String message) {
        assertThatThrownBy(() -> load(json)).isInstanceOf(ConfigProblem.class).hasMessage(message);
    }

    @Test
    void withoutTheFileAnH2FileUnderTheWorkingDirectory() throws IOException {
        DatabaseSettings settings = load(null);
        assertThat(settings.url()).isEqualTo("jdbc:h2:file:" + root.resolve("work/relaybridge-data/records") + ";AUTO_SERVER=FALSE");
        assertThat(settings.vendor()).isEqualTo(DatabaseVendor.H2);
    }

    @Test
    void postgresqlWithThePasswordFromTheEnvironment() throws IOException {
        DatabaseSettings settings = load("""
                { "url": "jdbc:postgresql://db.example:5432/relaybridge", "user": "relaybridge",
                  "password": "${RELAYBRIDGE_DB_PASSWORD}" }""");
        assertThat(settings.vendor()).isEqualTo(DatabaseVendor.POSTGRESQL);
        assertThat(settings.user()).isEqualTo("relaybridge");
        assertThat(settings.password()).isEqualTo("pw-from-env-7f3a");
        assertThat(settings.description()).isEqualTo("jdbc:postgresql://db.example:5432/relaybridge");
        assertThat(settings.toString()).isEqualTo("jdbc:postgresql://db.example:5432/relaybridge as relaybridge")
                .doesNotContain("pw-from-env");
    }

    @Test
    void aWrittenPasswordIsTakenAsItIs() throws IOException {
        assertThat(load("{ \"url\": \"jdbc:h2:file:/var/lib/rb/records\", \"password\": \"plain\" }").password())
                .isEqualTo("plain");
    }

    @Test
    void everyProblemNamesFileAndField() {
        refused("{ \"url\": \"jdbc:mysql://db.example/relaybridge\" }",
                "sip-config/database.json: url: 'jdbc:mysql://db.example/relaybridge' is neither jdbc:h2: nor jdbc:postgresql:");
        refused("{ \"user\": \"relaybridge\" }",
                "sip-config/database.json: url: is missing (e.g. jdbc:postgresql://db.example:5432/relaybridge)");
        refused("{ \"url\": \"jdbc:postgresql://db/rb\", \"pasword\": \"x\" }",
                "sip-config/database.json: pasword: unknown field (known: url, user, password, answerStoredWithinMillis)");
        refused("{ \"url\": 5432 }", "sip-config/database.json: url: must be a string, not a number");
        refused("{ \"url\": \"jdbc:postgresql://db/rb\", \"password\": \"${RB_MISSING}\" }",
                "sip-config/database.json: password: refers to ${RB_MISSING}, which is not set");
        refused("{ \"url\": \"jdbc:postgresql://db/rb?user=rb&password=secret-in-url\" }",
                "sip-config/database.json: url: must not hold a password; write it in \"password\"");
        refused("[]", "sip-config/database.json: (json): must be one JSON object { ... }");
    }

    @Test
    void aPasswordInTheUrlIsNeverRepeated() {
        assertThatThrownBy(() -> load("{ \"url\": \"jdbc:mysql://db/rb?password=secret-in-url\" }"))
                .hasMessageNotContaining("secret-in-url");
    }
}
