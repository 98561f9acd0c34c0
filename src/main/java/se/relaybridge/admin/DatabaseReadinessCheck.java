package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.RecordsService;

import java.util.Optional;

/**
 * Ready while the call records database answers. Unauthenticated: counts only; the JDBC URL and why the database
 * could not be opened are in the log and in {@code GET /api/status}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    @Inject
    RecordsService records;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        records.problem().ifPresent(problem -> response.withData("problem",
                "the call records database could not be opened; see the log or GET /api/status"));
        Optional<CallRecords> open = records.records();
        if (open.isEmpty()) {
            return response.down().build();
        }
        return response.status(open.get().reachable()).withData("droppedRecords", open.get().dropped())
                .withData("failedRecords", open.get().failed()).build();
    }
}
