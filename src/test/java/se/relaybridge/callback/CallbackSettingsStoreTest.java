package se.relaybridge.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackSettingsStoreTest {

    @TempDir
    Path root;

    @Test
    void aChangedFileIsTakenABrokenOneRefusedByFieldWithTheSettingsInForceKept() throws IOException {
        write("{ \"maxAttempts\": 3 }");
        CallbackSettingsStore store = new CallbackSettingsStore(ConfigLocation.of(root));

        write("{ \"maxAttempts\": 5 }");
        CallbackSettingsStore.Reload taken = store.reload();
        assertThat(taken.changed()).isTrue();
        assertThat(taken.before()).isEqualTo("{ \"maxAttempts\": 3 }");
        assertThat(store.current().maxAttempts()).isEqualTo(5);

        write("{ \"maxAttempts\": 50, \"nurseRing\": 10 }");
        CallbackSettingsStore.Reload refused = store.reload();
        assertThat(refused.changed()).isFalse();
        assertThat(refused.problems()).extracting(Throwable::getMessage).containsExactly(
                "sip-config/callbacks.json: nurseRing: unknown field (known: maxAttempts, retryAfterSeconds,"
                        + " nurseRingSeconds, personRingSeconds)",
                "sip-config/callbacks.json: maxAttempts: must be 1-20, not 50");
        assertThat(store.current().maxAttempts()).isEqualTo(5);

        Files.delete(root.resolve("sip-config/callbacks.json"));
        assertThat(store.reload().changed()).isTrue();
        assertThat(store.current()).isEqualTo(CallbackSettings.DEFAULT);
    }

    private void write(String json) throws IOException {
        Files.createDirectories(root.resolve("sip-config"));
        Files.writeString(root.resolve("sip-config/callbacks.json"), json);
    }
}
