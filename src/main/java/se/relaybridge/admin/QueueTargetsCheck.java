package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import se.relaybridge.call.B2buaService;

/**
 * Each nurse queue target as its OPTIONS pings see it ({@code UP}, {@code DOWN}, {@code UNKNOWN}), under
 * {@code /health/ready}. Informational on purpose: it is always UP. A relaybridge whose queue is down still answers
 * the relay at once (503 with Retry-After); taking it out of service would leave the relay's calls nowhere.
 * Unauthenticated, so a target is named by its queue and place in the list ({@code stockholm 1}), never by its
 * address; {@code GET /api/queues} has the addresses.
 */
@Readiness
@ApplicationScoped
public class QueueTargetsCheck implements HealthCheck {

    @Inject
    B2buaService service;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("queue-targets").up();
        service.running().ifPresent(b2bua -> b2bua.queues().queues().values().forEach(queue ->
        {
            for (int i = 0; i < queue.targets().size(); i++) {
                response.withData(queue.id() + " " + (i + 1), b2bua.targetHealth().state(queue.targets().get(i)).name());
            }
        }));
        return response.build();
    }
}
