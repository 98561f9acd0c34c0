package se.relaybridge.config;

/**
 * A configuration file that cannot be used. The message always reads {@code file: field: what is wrong},
 * so an operator can go straight to the line to fix.
 */
public class ConfigProblem extends RuntimeException {

    private final String file;
    private final String field;

    public ConfigProblem(String file, String field, String problem) {
        super(file + ": " + field + ": " + problem);
        this.file = file;
        this.field = field;
    }

    public ConfigProblem(String file, String field, String problem, Throwable cause) {
        super(file + ": " + field + ": " + problem, cause);
        this.file = file;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }
}
