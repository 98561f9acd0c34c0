package se.relaybridge.relay;

import se.relaybridge.config.ConfigProblem;

import java.util.List;

/**
 * What one {@link ProfileStore#reload()} did, by profile id: profiles {@code added}, {@code changed} (now in force
 * in their new version) and {@code removed} (file deleted); {@code keptLastGood} are profiles whose file now has
 * a problem and which stay in force as they were. {@code problems} are every problem found in the folder.
 */
public record ReloadResult(List<String> added, List<String> changed, List<String> removed, List<String> keptLastGood,
                           List<ConfigProblem> problems) {

    public boolean anythingChanged() {
        return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty();
    }

    /** One line for the log: ids and counts only, never a field's value (no phone numbers). */
    public String summary() {
        if (!anythingChanged() && keptLastGood.isEmpty() && problems.isEmpty()) {
            return "no change";
        }
        return "added " + added + ", changed " + changed + ", removed " + removed
                + (keptLastGood.isEmpty() ? "" : ", last good version kept " + keptLastGood)
                + ", " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    }
}
