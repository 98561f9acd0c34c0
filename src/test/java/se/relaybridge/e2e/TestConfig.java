package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** A configuration folder like the shipped one, on other ports, for a relaybridge started by a test. */
public final class TestConfig {

    static final String LENIENT_OVERLOAD = "\"overload\": { \"maxReceiveLagMillis\": 5000 }";

    private TestConfig() {
    }

    public static Path write(Path root, int sipPort, String... queueTargets) {
        return writeWithSipJson(root, sipPort, "", queueTargets);
    }

    /**
     * As above, with more sip.json fields, e.g. {@code "sessionTimer": {...}} (a leading comma is added). Unless
     * they set {@code overload} themselves, the node's own delay may reach 5 s before it sheds calls: a test JVM
     * just started parses its first messages slowly, and a test about calls must not see them shed for that
     * (overload control has tests of its own, docs/overload.md).
     */
    public static Path writeWithSipJson(Path root, int sipPort, String moreSipJson, String... queueTargets) {
        if (!moreSipJson.contains("\"overload\"")) {
            moreSipJson = (moreSipJson.isBlank() ? "" : moreSipJson + ", ") + LENIENT_OVERLOAD;
        }
        try {
            Path sipConfig = Files.createDirectories(root.resolve("sip-config"));
            Files.writeString(sipConfig.resolve("sip.json"), """
                    { "listenAddress": "127.0.0.1", "publicHost": "127.0.0.1",
                      "listeningPoints": [ { "transport": "udp", "port": %d }, { "transport": "tcp", "port": %d } ],
                      "stackName": "relaybridge-test-%d" %s }
                    """.formatted(sipPort, sipPort, sipPort, moreSipJson.isBlank() ? "" : ", " + moreSipJson));
            Files.copy(Path.of("sip-config/stack.properties"), sipConfig.resolve("stack.properties"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of("sip-config/routing.json"), sipConfig.resolve("routing.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            String targets = String.join("\", \"", queueTargets);
            Files.writeString(sipConfig.resolve("queues.json"), """
                    { "defaultQueue": "nurse", "setupTimeoutSeconds": 2, "retryAfterSeconds": 30,
                      "ping": { "intervalSeconds": 1, "timeoutSeconds": 1 },
                      "queues": [ { "id": "nurse", "name": "test queue", "targets": ["%s"],
                                    "emergencyCallData": true, "userToUser": true,
                                    "alertInfo": "<urn:alert:source:external>" } ] }
                    """.formatted(targets));
            Path profiles = Files.createDirectories(root.resolve("relay-profiles"));
            try (Stream<Path> shipped = Files.list(Path.of("relay-profiles"))) {
                for (Path p : shipped.toList()) {
                    Files.copy(p, profiles.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
