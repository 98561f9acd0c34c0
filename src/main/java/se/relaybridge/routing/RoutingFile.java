package se.relaybridge.routing;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Reads and checks {@code sip-config/routing.json} against the queue ids of {@code queues.json}. */
public final class RoutingFile {

    private RoutingFile() {
    }

    /**
     * @param table    the table, or null when the file has any problem
     * @param problems every problem of the file, each reading {@code file: field: what is wrong}
     */
    public record Result(RoutingTable table, List<ConfigProblem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result read(ConfigLocation location, Set<String> queueIds) {
        Path file = location.sipConfig(RoutingTable.FILE);
        return read(file, location.displayName(file), queueIds);
    }

    public static Result read(Path file, String displayName, Set<String> queueIds) {
        try {
            return parse(JsonConfigReader.readText(file, displayName), displayName, queueIds);
        } catch (ConfigProblem unreadable) {
            return new Result(null, List.of(unreadable));
        }
    }

    /** As {@link #read(Path, String, Set)}, for the text of the file {@code displayName}. */
    public static Result parse(String text, String displayName, Set<String> queueIds) {
        ProblemList problems = new ProblemList(displayName);
        try {
            RoutingJson.File raw = RoutingJson.bind(JsonFields.root(JsonConfigReader.parseObject(text, displayName), problems));
            RoutingTable table = RoutingValidator.validate(raw, queueIds, problems);
            return new Result(problems.isEmpty() ? table : null, problems.list());
        } catch (ConfigProblem unreadable) {
            return new Result(null, List.of(unreadable));
        }
    }
}
