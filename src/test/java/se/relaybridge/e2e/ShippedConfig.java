package se.relaybridge.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shipped sip-config/ and relay-profiles/ copied for a microbundle a test runs, to be changed there. */
final class ShippedConfig {

    private ShippedConfig() {
    }

    static void copyTo(Path configDir) throws IOException {
        for (String folder : List.of("sip-config", "relay-profiles")) {
            Files.createDirectories(configDir.resolve(folder));
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path file : files.toList()) {
                    Files.copy(file, configDir.resolve(folder).resolve(file.getFileName()));
                }
            }
        }
    }
}
