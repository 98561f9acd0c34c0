package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.relaybridge.record.CallRecordQuery;
import se.relaybridge.record.CallRecordView;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.Page;
import se.relaybridge.record.RecordsService;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Past and present calls, from the call records. */
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
@Path("records")
public class RecordResource {

    /** page × size stays an int offset for the database. */
    static final int MAX_PAGE = Integer.MAX_VALUE / CallRecordQuery.MAX_SIZE;

    @Inject
    RecordsService service;

    /**
     * Call records, newest first: {@code from}/{@code to} (ISO-8601 instants, on the offer time; {@code to}
     * exclusive), {@code profile}, {@code region} (län code), {@code outcome} (a prefix, e.g. {@code refused}),
     * {@code state} ({@code in-progress}, {@code ended}, {@code interrupted}); {@code page} from 0, {@code size} 1–200.
     */
    @GET
    public Page<CallRecordView> search(@QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("profile") String profile, @QueryParam("region") String region,
                                       @QueryParam("outcome") String outcome, @QueryParam("state") String state,
                                       @QueryParam("page") String page, @QueryParam("size") String size) {
        CallRecordQuery query;
        try {
            query = new CallRecordQuery(instant("from", from), instant("to", to), profile, region, outcome, state,
                    QueryNumbers.intParam("page", page, 0, 0, MAX_PAGE),
                    QueryNumbers.intParam("size", size, 50, 1, CallRecordQuery.MAX_SIZE));
        } catch (IllegalArgumentException e) {
            throw badQuery(e.getMessage());
        }
        return records().search(query);
    }

    @GET
    @Path("{callId}")
    public CallRecordView one(@PathParam("callId") String callId) {
        return records().byCallId(callId).orElseThrow(() ->
                ProblemException.of(Response.Status.NOT_FOUND, "no call record '" + callId + "'"));
    }

    private CallRecords records() {
        return ApiServices.records(service);
    }

    private static Instant instant(String name, String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
        }
    }

    static ProblemException badQuery(String message) {
        String field = message.contains(":") ? message.substring(0, message.indexOf(':')) : null;
        return new ProblemException(new Problem("about:blank", "Invalid query", 400, message,
                List.of(new Problem.FieldProblem(null, field, message))));
    }
}
