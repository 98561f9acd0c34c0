package se.relaybridge.admin;

import jakarta.ws.rs.core.Response;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;

/** What every resource needs first: the running B2BUA, or a 503 problem saying why there is none. */
final class ApiServices {

    private ApiServices() {
    }

    static B2bua running(B2buaService service) {
        return service.running().orElseThrow(() -> ProblemException.of(Response.Status.SERVICE_UNAVAILABLE,
                "the SIP side is not running" + (service.startupProblem() == null ? "" : ": " + service.startupProblem())));
    }
}
