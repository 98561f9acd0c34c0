package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import se.relaybridge.call.B2buaStarted;
import se.relaybridge.record.RecordsService;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Who changed which configuration, when, from what to what: persisted in the audit log of the call records database. */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    @Inject
    RecordsService records;

    /** Changes the file watches take in are audited like the API's (who: {@code file-watch}). */
    void onB2buaStart(@Observes B2buaStarted started) {
        started.b2bua().onWatchedChange(new WatchedChangeAudit(this::record));
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
