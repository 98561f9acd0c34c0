package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.logging.Logger;

/** Who changed which configuration, when, from what to what. */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());

    /**
     * @param subject e.g. {@code profile:texttelefoni}, {@code routing}
     * @param action  {@code create}, {@code replace}, {@code delete}, {@code reload}
     * @param before  the configuration before (JSON text), or null
     * @param after   the configuration after (JSON text), or null
     */
    public void record(String who, String subject, String action, String before, String after) {
        LOG.info(() -> "audit: " + who + " " + action + " " + subject);
    }
}
