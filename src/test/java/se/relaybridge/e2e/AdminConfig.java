package se.relaybridge.e2e;

import se.relaybridge.admin.PasswordHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The admin API test configuration: relaybridge on 5260, the {@link RoutingConfig} queues from 5270 (Stockholm)
 * up, two logins, and configuration read only on request ({@code configWatchSeconds: 0}) so a test can tell an
 * operator's reload from the file watch.
 */
final class AdminConfig {

    static final int SIP_PORT = 5260;
    static final int QUEUE_PORT = 5270;
    /** texttelefoni's callback trunk, played by SIPp on its trunk address */
    static final int CALLBACK_TRUNK_PORT = 5290;
    static final Path DEPLOYED_DIR = Path.of("target/it-config-admin");
    static final String OPS = "ops";
    static final String OPS_PASSWORD = "ops-test-password";
    static final String VIEWER = "teamlead";
    static final String VIEWER_PASSWORD = "viewer-test-password";

    private AdminConfig() {
    }

    static Path write(Path root) {
        RoutingConfig.write(root, SIP_PORT, QUEUE_PORT, "\"configWatchSeconds\": 0");
        try {
            Path texttelefoni = root.resolve("relay-profiles/texttelefoni.json");
            Files.writeString(texttelefoni, Files.readString(texttelefoni).replace(
                    "sip:{number}@callback.texttelefoni.example", "sip:{number}@127.0.0.11:" + CALLBACK_TRUNK_PORT));
            writeLoginsAndDatabase(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    /**
     * This class's two logins and a records database of {@code root}'s own, into a configuration folder: for a
     * deployed test of another configuration that reads call records back through the admin API.
     */
    static void writeLoginsAndDatabase(Path root) {
        try {
            writeLogins(root);
            Files.writeString(root.resolve("sip-config/database.json"), databaseJson(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL of .ci/run cannot be reached", e);
        }
    }

    /** {@code sip-config/admin.json} with the ops and the viewer login. */
    static void writeLogins(Path root) {
        try {
            Files.writeString(root.resolve("sip-config/admin.json"), """
                    { "users": [ { "name": "%s", "role": "ops", "passwordHash": "%s" },
                                 { "name": "%s", "role": "viewer", "passwordHash": "%s" } ] }
                    """.formatted(OPS, PasswordHash.create(OPS_PASSWORD.toCharArray(), 10_000),
                    VIEWER, PasswordHash.create(VIEWER_PASSWORD.toCharArray(), 10_000)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A database of this configuration's own, empty at every run: a fresh schema of the PostgreSQL {@code .ci/run}
     * names (so CI runs the deployed admin suite on PostgreSQL, its password read by relaybridge from the
     * environment), else an H2 file no other Payara of the suite shares.
     */
    private static String databaseJson(Path root) throws IOException, SQLException {
        String url = System.getenv("RELAYBRIDGE_TEST_POSTGRES_URL");
        if (url != null && !url.isBlank()) {
            String schema = "rb_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            try (Connection c = DriverManager.getConnection(url, System.getenv("RELAYBRIDGE_TEST_POSTGRES_USER"),
                    System.getenv("RELAYBRIDGE_TEST_POSTGRES_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return """
                    { "url": "%s?currentSchema=%s", "user": "%s", "password": "${RELAYBRIDGE_TEST_POSTGRES_PASSWORD}" }
                    """.formatted(url, schema, System.getenv("RELAYBRIDGE_TEST_POSTGRES_USER"));
        }
        deleteTree(root.resolve("records"));
        return """
                { "url": "jdbc:h2:file:%s;AUTO_SERVER=FALSE", "user": "relaybridge", "password": "" }
                """.formatted(root.resolve("records/records").toAbsolutePath());
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var paths = Files.walk(folder)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
