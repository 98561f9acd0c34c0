package se.relaybridge.relay;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code relay-profiles/*.json} as it reads now, on its own: its profile when every field is valid, else its
 * problems (and no profile). Whether the profile fits beside the others is decided by {@link ProfileLoader}.
 */
record ProfileFile(String fileName, String displayName, RelayProfile profile, List<ConfigProblem> problems) {

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

    private static ProfileFile parse(String fileName, String displayName, jakarta.json.JsonObject json) {
        ProblemList problems = new ProblemList(displayName);
        try {
            RelayProfile profile = ProfileJson.bind(JsonFields.root(json, problems));
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

    boolean valid() {
        return profile != null;
    }
}
