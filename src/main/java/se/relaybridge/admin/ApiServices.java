package se.relaybridge.admin;

import jakarta.ws.rs.core.Response;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.RecordsService;

/** What resources need first: the running B2BUA or the call records, or a 503 problem saying why there is none. */
final class ApiServices {

    private ApiServices() {
    }

    static CallRecords records(RecordsService service) {
        return service.records().orElseThrow(() -> ProblemException.of(Response.Status.SERVICE_UNAVAILABLE,
                "the call records are not available" + service.problem().map(p -> ": " + p).orElse("")));
    }

    static B2bua running(B2buaService service) {
        return service.running().orElseThrow(() -> ProblemException.of(Response.Status.SERVICE_UNAVAILABLE,
                "the SIP side is not running" + (service.startupProblem() == null ? "" : ": " + service.startupProblem())));
    }
}
