package se.relaybridge.admin;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import se.relaybridge.config.WatchedChange;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts what a file watch took in into the audit log, as the admin API does for its own changes: who is
 * {@value #WHO}, the action {@code watch-create}, {@code watch-replace} or {@code watch-delete}, and the
 * configuration before and after as JSON (a profile as relaybridge holds it, routing.json as its file said).
 */
public final class WatchedChangeAudit implements Consumer<WatchedChange> {

    static final String WHO = "file-watch";
    private static final Logger LOG = Logger.getLogger(WatchedChangeAudit.class.getName());

    /** Where an entry goes: {@code AuditLog.record} or the admin's {@link AuditTrail}. */
    @FunctionalInterface
    public interface Entries {
        void record(String who, String subject, String action, String before, String after);
    }

    private final Entries entries;
    private final Jsonb json = JsonbBuilder.create();

    public WatchedChangeAudit(Entries entries) {
        this.entries = entries;
    }

    @Override
    public void accept(WatchedChange change) {
        try {
            entries.record(WHO, change.subject(), "watch-" + change.action(), text(change.before()), text(change.after()));
        } catch (RuntimeException e) {
            // the change is in force already: a lost audit entry is logged loudly, never undoes it
            LOG.log(Level.SEVERE, "audit entry lost for a watched " + change.action() + " of " + change.subject(), e);
        }
    }

    private String text(Object configuration) {
        if (configuration == null || configuration instanceof String) {
            return (String) configuration;
        }
        return json.toJson(configuration);
    }
}
