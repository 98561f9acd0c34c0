package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.TargetHealth;

import java.util.List;

/** The nurse queues of queues.json, each target with what its OPTIONS pings say now. */
@Path("queues")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class QueueResource {

    @Inject
    B2buaService service;

    /** {@code health}: {@code UP} answers pings, {@code DOWN} stopped answering (tried last), {@code UNKNOWN} not pinged yet. */
    public record TargetView(String uri, TargetHealth.State health) {
    }

    public record QueueView(String id, String name, boolean isDefault, List<TargetView> targets, QueueSpec presentation) {
    }

    @GET
    public List<QueueView> list() {
        B2bua b2bua = ApiServices.running(service);
        return b2bua.queues().queues().values().stream().sorted(java.util.Comparator.comparing(QueueSpec::id))
                .map(q -> view(b2bua, q)).toList();
    }

    @GET
    @Path("{id}")
    public QueueView one(@PathParam("id") String id) {
        B2bua b2bua = ApiServices.running(service);
        return b2bua.queues().get(id).map(q -> view(b2bua, q)).orElseThrow(() ->
                ProblemException.of(Response.Status.NOT_FOUND, "no queue '" + id + "' in queues.json"));
    }

    private static QueueView view(B2bua b2bua, QueueSpec queue) {
        return new QueueView(queue.id(), queue.name(), queue.id().equals(b2bua.queues().defaultQueue()),
                queue.targets().stream().map(t -> new TargetView(t, b2bua.targetHealth().state(t))).toList(), queue);
    }
}
