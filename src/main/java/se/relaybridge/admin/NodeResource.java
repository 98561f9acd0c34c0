package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import se.relaybridge.call.B2buaService;

import java.util.logging.Logger;

/** This node as a whole: asked to drain, it stops as a SIGTERM stops it (docs/cluster.md, "Drain"). */
@Path("node")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class NodeResource {

    private static final Logger LOG = Logger.getLogger(NodeResource.class.getName());

    @Inject
    B2buaService service;

    /**
     * Refuses new calls at once (the front sees OPTIONS answered 503), hands the confirmed calls over to the other
     * nodes or ends them, then ends the process of a microbundle, which its supervisor starts again. Answers before
     * the drain has finished.
     */
    @POST
    @Path("drain")
    public Response drain(@Context SecurityContext who) {
        ApiServices.running(service);
        LOG.warning(() -> "node drained and stopped on the request of " + who.getUserPrincipal().getName());
        service.drainAndExit();
        return Response.accepted(java.util.Map.of("draining", true)).build();
    }
}
