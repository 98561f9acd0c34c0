package se.relaybridge.call;

import se.relaybridge.admin.AdminUsers;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.record.DatabaseSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * The files the B2BUA itself does not read, checked before it starts: {@code database.json} (the records would
 * otherwise start without a database, or on another one) and {@code admin.json} (otherwise the API would run with no
 * login at all). A database that cannot be reached is not a file problem: calls go on without records, readiness
 * DOWN. Every problem of every file is collected, so one start shows them all.
 */
final class StartupFiles {

    private StartupFiles() {
    }

    /** Throws the first problem, with the others attached as suppressed. */
    static void check(ConfigLocation location) {
        List<ConfigProblem> problems = new ArrayList<>();
        try {
            DatabaseSettings.load(location);
        } catch (ConfigProblem e) {
            problems.add(e);
        }
        try {
            AdminUsers.load(location);
        } catch (ConfigProblem e) {
            problems.add(e);
        }
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            problems.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
