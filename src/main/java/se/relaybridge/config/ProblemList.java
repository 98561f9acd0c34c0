package se.relaybridge.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one configuration file. Checks collect here instead of throwing at the first one, so an
 * operator sees every mistake of a file in one go rather than fixing them one restart (or reload) at a time.
 */
public final class ProblemList {

    private final String file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    public ProblemList(String file) {
        this.file = file;
    }

    public void add(String field, String problem) {
        problems.add(new ConfigProblem(file, field, problem));
    }

    public void add(ConfigProblem problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    public String file() {
        return file;
    }
}
