package se.relaybridge.record;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A database of its own for one test: an H2 file in a temporary folder, or a fresh schema in the PostgreSQL named by
 * {@code RELAYBRIDGE_TEST_POSTGRES_URL}, {@code _USER} and {@code _PASSWORD} ({@code .ci/run} sets them), dropped
 * again afterwards, so every run starts from an empty schema.
 */
interface TestDatabase extends AutoCloseable {

    String POSTGRES_URL = "RELAYBRIDGE_TEST_POSTGRES_URL";
    String POSTGRES_USER = "RELAYBRIDGE_TEST_POSTGRES_USER";
    String POSTGRES_PASSWORD = "RELAYBRIDGE_TEST_POSTGRES_PASSWORD";
    String POSTGRES_SKIPPED = "PostgreSQL tests skipped: " + POSTGRES_URL + ", " + POSTGRES_USER + " and "
            + POSTGRES_PASSWORD + " are not set (.ci/run sets them)";

    DatabaseSettings settings();

    /** The password the database was opened with; must never show in a log line. */
    String password();

    @Override
    void close() throws SQLException;

    static TestDatabase h2(Path folder) {
        String password = "h2-secret-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        DatabaseSettings settings = DatabaseSettings.of("jdbc:h2:file:" + folder.resolve("records").toAbsolutePath()
                + ";AUTO_SERVER=FALSE", "rb", password);
        return new TestDatabase() {
            public DatabaseSettings settings() {
                return settings;
            }

            public String password() {
                return password;
            }

            public void close() {
                // the temporary folder goes with the test
            }
        };
    }

    static TestDatabase postgres() throws SQLException {
        String url = System.getenv(POSTGRES_URL);
        String user = System.getenv(POSTGRES_USER);
        String password = System.getenv(POSTGRES_PASSWORD);
        String schema = "rb_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        execute(url, user, password, "CREATE SCHEMA " + schema);
        DatabaseSettings settings = DatabaseSettings.of(url + (url.contains("?") ? "&" : "?") + "currentSchema="
                + schema, user, password);
        return new TestDatabase() {
            public DatabaseSettings settings() {
                return settings;
            }

            public String password() {
                return password;
            }

            public void close() throws SQLException {
                execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE");
            }
        };
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
