package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import se.relaybridge.call.EngineContributor;
import se.relaybridge.call.EngineParts;
import se.relaybridge.config.ConfigChange;
import se.relaybridge.record.RecordsService;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Who changed which configuration, when, from what to what: persisted in the audit log of the call records database. */
@ApplicationScoped
public class AuditTrail implements EngineContributor {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    @Inject
    RecordsService records;

    /** Every reload of queues.json and routing.json, by the file watch or an operator, with before and after. */
    @Override
    public void contribute(EngineParts parts) {
        parts.configChanges(this::record);
    }

    void record(ConfigChange change) {
        if (change.problems() != null) {
            LOG.warning(() -> "audit: " + change.subject() + " refused for " + change.who() + ": " + change.problems());
        }
        record(change.who(), change.subject(), change.action(), change.before(), change.after());
    }

    /**
     * @param subject e.g. {@code profile:texttelefoni}, {@code routing}
     * @param action  {@code create}, {@code replace}, {@code delete}, {@code reload}
     * @param before  the configuration before (JSON text), or null
     * @param after   the configuration after (JSON text), or null
     */
    public void record(String who, String subject, String action, String before, String after) {
        LOG.info(() -> "audit: " + who + " " + action + " " + subject);
        records.records().ifPresentOrElse(open -> {
            try {
                open.auditLog().record(who, subject, action, before, after);
            } catch (RuntimeException e) {
                // the change itself is done; losing its audit entry is logged loudly rather than undoing it
                LOG.log(Level.SEVERE, "audit entry lost for " + action + " " + subject + " by " + who, e);
            }
        }, () -> LOG.severe("audit entry lost for " + action + " " + subject + " by " + who + ": no call records database"));
    }
}
