package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import se.relaybridge.call.CallSnapshot;

import java.util.List;
import java.util.logging.Logger;

/** The calls in progress, with their relay metadata and route; and hanging one up. */
@Path("calls")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class CallResource {

    private static final Logger LOG = Logger.getLogger(CallResource.class.getName());

    @Inject
    BoardStream board;

    @Inject
    se.relaybridge.call.B2buaService service;

    @GET
    public List<CallSnapshot> active() {
        return board.feed().activeCalls();
    }

    @GET
    @Path("{id}")
    public CallSnapshot one(@PathParam("id") String id) {
        return board.feed().activeCalls().stream().filter(c -> c.callId().equals(id)).findFirst()
                .orElseThrow(() -> notFound(id));
    }

    /** Ends both legs (BYE, or CANCEL/487 while ringing); the record says {@code completed:operator-hangup}. */
    @DELETE
    @Path("{id}")
    public Response hangUp(@PathParam("id") String id, @Context SecurityContext who) {
        if (!ApiServices.running(service).hangUp(id)) {
            throw notFound(id);
        }
        LOG.info(() -> id + " hung up by " + who.getUserPrincipal().getName());
        return Response.accepted().build();
    }

    private static ProblemException notFound(String id) {
        return ProblemException.of(Response.Status.NOT_FOUND, "no call '" + id + "' is in progress");
    }
}
