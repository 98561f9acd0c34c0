package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import se.relaybridge.call.B2buaService;

/**
 * Ready only while every SIP listening point of {@code sip.json} is up. Unauthenticated: counts only; why SIP
 * did not start (it names files and addresses) is in the log and in {@code GET /api/status}.
 */
@Readiness
@ApplicationScoped
public class SipReadinessCheck implements HealthCheck {

    @Inject
    B2buaService b2bua;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("sip").status(b2bua.isListening())
                .withData("activeCalls", b2bua.activeCalls());
        b2bua.leakReport().ifPresent(leaks -> response.withData("liveDialogs", leaks.liveDialogs())
                .withData("orphanDialogs", leaks.orphanDialogs())
                .withData("serverTransactions", leaks.serverTransactions())
                .withData("clientTransactions", leaks.clientTransactions())
                .withData("clientTransactionStates", String.join(" ", leaks.clientTransactionStates())));
        if (b2bua.startupProblem() != null) {
            response.withData("problem", "relaybridge could not start SIP; see the log or GET /api/status");
        }
        return response.build();
    }
}
