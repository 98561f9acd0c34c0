package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import se.relaybridge.call.B2buaService;
import se.relaybridge.record.RecordsService;

import java.util.logging.Logger;

/**
 * {@code /health/live}: DOWN when a thread relaybridge cannot work without has died, so that the supervisor
 * (systemd, Kubernetes) restarts the process. Unauthenticated, so it says which part, never a thread's name or
 * address; the log and {@code GET /api/status} have those.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(LivenessCheck.class.getName());

    @Inject
    B2buaService b2bua;

    @Inject
    RecordsService records;

    private volatile boolean reported;

    @Override
    public HealthCheckResponse call() {
        RelaybridgeLiveness now = RelaybridgeLiveness.of(b2bua.running(), records.records());
        if (!now.alive() && !reported) {
            reported = true;
            LOG.severe("relaybridge is not alive: dead SIP threads " + now.deadSipThreads() + ", call records writer "
                    + (now.recordsWriterAlive() ? "alive" : "dead"));
        }
        return HealthCheckResponse.named("relaybridge").status(now.alive())
                .withData("sipThreads", now.deadSipThreads().isEmpty() ? "alive" : now.deadSipThreads().size() + " dead")
                .withData("recordsWriter", now.recordsWriterAlive() ? "alive" : "dead").build();
    }
}
