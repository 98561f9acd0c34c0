package se.relaybridge.relay;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * One {@code relay-profiles/*.json} as it reads now, on its own: its profile when every field is valid, else its
 * problems (and no profile). Whether the profile fits beside the others is decided by {@link ProfileLoader}.
 */
record ProfileFile(String fileName, String displayName, RelayProfile profile, List<ConfigProblem> problems) {

    private static final Logger LOG = Logger.getLogger(ProfileFile.class.getName());

    static ProfileFile read(ConfigLocation location, Path path) {
        String displayName = location.displayName(path);
        try {
            return parse(path.getFileName().toString(), displayName, JsonConfigReader.readObject(path, displayName));
        } catch (ConfigProblem unreadable) {
            return new ProfileFile(path.getFileName().toString(), displayName, null, List.of(unreadable));
        }
    }

    /** A profile as the text of its file would read, before the file exists. */
    static ProfileFile parse(String fileName, String displayName, String json) {
        try {
            return parse(fileName, displayName, JsonConfigReader.parseObject(json, displayName));
        } catch (ConfigProblem unreadable) {
            return new ProfileFile(fileName, displayName, null, List.of(unreadable));
        }
    }

    private static ProfileFile parse(String fileName, String displayName, JsonObject json) {
        ProblemList problems = new ProblemList(displayName);
        try {
            RelayProfile profile = ProfileJson.bind(JsonFields.root(withoutObsoleteFields(displayName, json), problems));
            // values are checked only once every field has the right type: a field of the wrong type reads as
            // absent, and "is missing" beside "must be a string" would only confuse
            if (problems.isEmpty()) {
                ProfileValidator.validate(fileName, profile, problems);
            }
            return new ProfileFile(fileName, displayName, problems.isEmpty() ? profile : null, problems.list());
        } catch (ConfigProblem unreadable) {
            return new ProfileFile(fileName, displayName, null, List.of(unreadable));
        }
    }

    /** The fields of {@link ProfileJson#OBSOLETE} left out, each with one warning naming the file and the field. */
    private static JsonObject withoutObsoleteFields(String displayName, JsonObject json) {
        JsonObjectBuilder current = null;
        for (String field : ProfileJson.OBSOLETE) {
            if (json.containsKey(field)) {
                LOG.warning(() -> displayName + ": " + field + " is obsolete and ignored (it never had an effect); "
                        + "remove it from the file");
                current = (current == null ? Json.createObjectBuilder(json) : current).remove(field);
            }
        }
        return current == null ? json : current.build();
    }

    boolean valid() {
        return profile != null;
    }
}
