package se.relaybridge.record;

import jakarta.json.JsonObject;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;
import se.relaybridge.sip.TlsStoreFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where call records and the audit log are kept: {@code sip-config/database.json}, or without that file an
 * embedded H2 database in the file {@code relaybridge-data/records} under the working directory, so records
 * survive a restart with nothing configured. The password is never part of {@link #description()} or
 * {@link #toString()}.
 */
public final class DatabaseSettings {

    public static final String FILE = "database.json";
    static final Path DEFAULT_H2_FILE = Path.of("relaybridge-data", "records");
    private static final List<String> FIELDS = List.of("url", "user", "password", "answerStoredWithinMillis");
    /** An answered call waits at most this long for its record before the relay hears the answer anyway. */
    static final Duration DEFAULT_ANSWER_PATIENCE = Duration.ofMillis(500);
    private static final long MAX_ANSWER_PATIENCE_MILLIS = 5_000;
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)password=[^&;]*");

    private final String url;
    private final String user;
    private final String password;
    private final DatabaseVendor vendor;
    private final Duration answerPatience;

    private DatabaseSettings(String url, String user, String password, Duration answerPatience) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.vendor = DatabaseVendor.of(url);
        this.answerPatience = answerPatience;
    }

    /** {@code database.json} of {@code location}, or the H2 file under the working directory without it. */
    public static DatabaseSettings load(ConfigLocation location) {
        return load(location, TlsStoreFiles::systemLookup, Path.of("").toAbsolutePath());
    }

    static DatabaseSettings load(ConfigLocation location, UnaryOperator<String> lookup, Path workingDir) {
        Path file = location.sipConfig(FILE);
        if (!Files.exists(file)) {
            return h2File(workingDir.resolve(DEFAULT_H2_FILE));
        }
        String name = location.displayName(file);
        JsonObject json = JsonConfigReader.readObject(file, name);
        ProblemList problems = new ProblemList(name);
        JsonFields fields = JsonFields.root(json, problems).allowOnly(FIELDS);
        String url = fields.string("url");
        String user = fields.string("user");
        String password = fields.string("password");
        Integer patience = fields.integer("answerStoredWithinMillis");
        if (!problems.isEmpty()) {
            throw problems.list().get(0);
        }
        checkUrl(name, url);
        if (patience != null && (patience < 0 || patience > MAX_ANSWER_PATIENCE_MILLIS)) {
            throw new ConfigProblem(name, "answerStoredWithinMillis", "must be 0 to " + MAX_ANSWER_PATIENCE_MILLIS
                    + " (milliseconds an answered call waits for its record), not " + patience);
        }
        return new DatabaseSettings(url, user, password == null ? null
                : TlsStoreFiles.password(name, "password", password, lookup),
                patience == null ? DEFAULT_ANSWER_PATIENCE : Duration.ofMillis(patience));
    }

    private static void checkUrl(String file, String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigProblem(file, "url", "is missing (e.g. jdbc:postgresql://db.example:5432/relaybridge)");
        }
        if (DatabaseVendor.of(url) == null) {
            throw new ConfigProblem(file, "url", "'" + mask(url) + "' is neither jdbc:h2: nor jdbc:postgresql:");
        }
        if (PASSWORD_IN_URL.matcher(url).find()) {
            // the URL is logged; a password belongs in its own field, where it is never shown
            throw new ConfigProblem(file, "url", "must not hold a password; write it in \"password\"");
        }
    }

    /** An embedded H2 database in {@code file} (H2 adds {@code .mv.db}), made when it does not exist. */
    public static DatabaseSettings h2File(Path file) {
        return new DatabaseSettings("jdbc:h2:file:" + file.toAbsolutePath().normalize() + ";AUTO_SERVER=FALSE",
                "relaybridge", "", DEFAULT_ANSWER_PATIENCE);
    }

    /** Settings given directly (tests, tools), with the same URL checks as the file. */
    public static DatabaseSettings of(String url, String user, String password) {
        checkUrl("(settings)", url);
        return new DatabaseSettings(url, user, password, DEFAULT_ANSWER_PATIENCE);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** How long an answered call waits for its record before the relay hears the answer anyway. */
    public Duration answerPatience() {
        return answerPatience;
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    /** The JDBC URL without any password, for logs and health checks. */
    public String description() {
        return mask(url);
    }

    private static String mask(String url) {
        return PASSWORD_IN_URL.matcher(url).replaceAll("password=***");
    }

    @Override
    public String toString() {
        return description() + (user == null ? "" : " as " + user);
    }
}
