package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import se.relaybridge.call.B2buaService;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.RecordsService;

import java.util.List;
import java.util.Optional;

/**
 * The details behind {@code /health}: why SIP or the database is down, which database is in force, which thread
 * died. They name files, addresses and the JDBC URL, so they are here, behind a login, and not in the
 * unauthenticated health output.
 */
@Path("status")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class StatusResource {

    @Inject
    B2buaService b2bua;

    @Inject
    RecordsService records;

    public record SipStatus(boolean listening, String problem, int activeCalls, List<String> deadThreads) {
    }

    public record DatabaseStatus(String url, boolean reachable, String problem, Long droppedRecords,
                                 Long failedRecords, boolean writerAlive) {
    }

    public record Status(boolean ready, boolean alive, SipStatus sip, DatabaseStatus database) {
    }

    @GET
    public Status status() {
        RelaybridgeLiveness liveness = RelaybridgeLiveness.of(b2bua.running(), records.records());
        SipStatus sip = new SipStatus(b2bua.isListening(), b2bua.startupProblem(), b2bua.activeCalls(),
                liveness.deadSipThreads());
        Optional<CallRecords> open = records.records();
        DatabaseStatus database = open.map(r -> new DatabaseStatus(r.description(), r.reachable(), null, r.dropped(),
                        r.failed(), r.writerAlive()))
                .orElseGet(() -> new DatabaseStatus(null, false, records.problem().orElse(null), null, null, false));
        return new Status(sip.listening() && database.reachable(), liveness.alive(), sip, database);
    }
}
