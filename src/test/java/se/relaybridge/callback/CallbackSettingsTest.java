package se.relaybridge.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sip-config/callbacks.json}: optional, every field optional, every problem named by file and field. */
class CallbackSettingsTest {

    @TempDir
    Path root;

    private CallbackSettings load(String json) throws IOException {
        Path sipConfig = Files.createDirectories(root.resolve("sip-config"));
        if (json != null) {
            Files.writeString(sipConfig.resolve("callbacks.json"), json);
        }
        return CallbackSettings.load(ConfigLocation.of(root));
    }

    @Test
    void withoutTheFileTheDefaultsHold() throws IOException {
        assertThat(load(null)).isEqualTo(CallbackSettings.DEFAULT);
        assertThat(CallbackSettings.DEFAULT).isEqualTo(new CallbackSettings(3, 300, 30, 25));
    }

    @Test
    void givenFieldsReplaceTheirDefaultsOnly() throws IOException {
        assertThat(load("{ \"maxAttempts\": 5, \"nurseRingSeconds\": 20 }"))
                .isEqualTo(new CallbackSettings(5, 300, 20, 25));
    }

    @Test
    void theShippedFileIsValid() {
        assertThat(CallbackSettings.load(ConfigLocation.of(Path.of(".")))).isEqualTo(CallbackSettings.DEFAULT);
    }

    @Test
    void everyProblemIsNamedByFileAndField() {
        assertThatThrownBy(() -> load("{ \"maxAttempts\": 0, \"retryAfterSeconds\": \"soon\", \"personRingSeconds\": 60,"
                + " \"nurseRing\": 10 }"))
                .isInstanceOf(ConfigProblem.class)
                // one problem each, named by file and field: the first thrown, the others attached to it
                .satisfies(e -> assertThat(java.util.stream.Stream.concat(java.util.stream.Stream.of(e),
                        java.util.Arrays.stream(e.getSuppressed())).map(Throwable::getMessage)).containsExactly(
                        "sip-config/callbacks.json: nurseRing: unknown field (known: maxAttempts, retryAfterSeconds,"
                                + " nurseRingSeconds, personRingSeconds)",
                        "sip-config/callbacks.json: maxAttempts: must be 1-20, not 0",
                        "sip-config/callbacks.json: retryAfterSeconds: must be a whole number, not a string",
                        "sip-config/callbacks.json: personRingSeconds: must be 5-30, not 60"));
        assertThatThrownBy(() -> load("{ \"nurseRingSeconds\": 2 }")).isInstanceOf(ConfigProblem.class)
                .satisfies(e -> assertThat(((ConfigProblem) e).field()).isEqualTo("nurseRingSeconds"));
        assertThatThrownBy(() -> load("not json")).isInstanceOf(ConfigProblem.class).hasMessageContaining("callbacks.json");
    }
}
