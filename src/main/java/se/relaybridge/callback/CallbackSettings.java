package se.relaybridge.callback;

import jakarta.json.JsonObject;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How scheduled callbacks are tried, from the optional {@code sip-config/callbacks.json}; without it the defaults
 * hold. A file with any problem stops the start, each problem named by file and field, like the other files; while
 * running, {@link CallbackSettingsStore} reads it again and keeps the settings in force on a problem.
 *
 * @param maxAttempts       attempts in all, the first included (1-20)
 * @param retryAfterSeconds wait after a failed attempt before the next (10-86400)
 * @param nurseRingSeconds  how long the nurse's phone may ring before relaybridge gives up the attempt (5-300)
 * @param personRingSeconds how long the relay's callback trunk may take to answer once the nurse answered (5-30):
 *                          the nurse's phone keeps repeating its 200 OK until relaybridge ACKs it, and gives up
 *                          after 32 s (RFC 3261 §13.3.1.4), so this cannot be longer
 */
public record CallbackSettings(int maxAttempts, int retryAfterSeconds, int nurseRingSeconds, int personRingSeconds) {

    public static final String FILE = "callbacks.json";
    public static final CallbackSettings DEFAULT = new CallbackSettings(3, 300, 30, 25);
    private static final List<String> FIELDS = List.of("maxAttempts", "retryAfterSeconds", "nurseRingSeconds",
            "personRingSeconds");

    public Duration retryAfter() {
        return Duration.ofSeconds(retryAfterSeconds);
    }

    public Duration nurseRing() {
        return Duration.ofSeconds(nurseRingSeconds);
    }

    public Duration personRing() {
        return Duration.ofSeconds(personRingSeconds);
    }

    public static CallbackSettings load(ConfigLocation location) {
        Path file = location.sipConfig(FILE);
        if (!Files.exists(file)) {
            return DEFAULT;
        }
        String name = location.displayName(file);
        return of(JsonConfigReader.readObject(file, name), name);
    }

    /** The settings of {@code text}, the file {@code name}'s content. */
    public static CallbackSettings parse(String text, String name) {
        return of(JsonConfigReader.parseObject(text, name), name);
    }

    static CallbackSettings of(JsonObject root, String name) {
        ProblemList problems = new ProblemList(name);
        JsonFields fields = JsonFields.root(root, problems).allowOnly(FIELDS);
        int maxAttempts = bounded(fields, problems, "maxAttempts", DEFAULT.maxAttempts, 1, 20);
        int retryAfter = bounded(fields, problems, "retryAfterSeconds", DEFAULT.retryAfterSeconds, 10, 86_400);
        int nurseRing = bounded(fields, problems, "nurseRingSeconds", DEFAULT.nurseRingSeconds, 5, 300);
        int personRing = bounded(fields, problems, "personRingSeconds", DEFAULT.personRingSeconds, 5, 30);
        if (!problems.isEmpty()) {
            // the first, with the others attached: every problem reads file: field: what is wrong on its own line
            ConfigProblem first = problems.list().get(0);
            problems.list().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return new CallbackSettings(maxAttempts, retryAfter, nurseRing, personRing);
    }

    private static int bounded(JsonFields fields, ProblemList problems, String key, int fallback, int min, int max) {
        Integer value = fields.integer(key);
        if (value == null) {
            return fallback;
        }
        if (value < min || value > max) {
            problems.add(key, "must be " + min + "-" + max + ", not " + value);
            return fallback;
        }
        return value;
    }
}
