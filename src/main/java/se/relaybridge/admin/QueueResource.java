package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.QueueStore;
import se.relaybridge.routing.TargetHealth;

import java.util.List;

/** The nurse queues of queues.json, each target with what its OPTIONS pings say now. */
@Path("queues")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class QueueResource {

    @Inject
    B2buaService service;

    /**
     * {@code health}: {@code UP} answers pings or calls, {@code DOWN} stopped answering or failed a call (skipped by
     * calls), {@code UNKNOWN} not asked yet (tried); {@code since} when that was last learnt, {@code cause} by what.
     */
    public record TargetView(String uri, TargetHealth.State health, java.time.Instant since, String cause) {
    }

    public record QueueView(String id, String name, boolean isDefault, List<TargetView> targets, QueueSpec presentation) {
    }

    /** What a reload of queues.json did: {@code changed}, or the {@code problems} that kept the queues in force. */
    public record ReloadView(boolean changed, List<Problem.FieldProblem> problems) {
    }

    /** Reads queues.json now (the file watch does so on its own unless configWatchSeconds is 0); audited. */
    @POST
    @Path("reload")
    public ReloadView reload(@Context SecurityContext who) {
        QueueStore.Reload result = ApiServices.running(service).reloadQueues(who.getUserPrincipal().getName());
        return new ReloadView(result.changed(), Problem.FieldProblem.of(result.problems()));
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
                queue.targets().stream().map(t -> view(b2bua.targetHealth(), t)).toList(), queue);
    }

    private static TargetView view(TargetHealth health, String target) {
        TargetHealth.Status status = health.get(target);
        return status.state() == TargetHealth.State.UNKNOWN ? new TargetView(target, status.state(), null, null)
                : new TargetView(target, status.state(), status.at(), status.cause());
    }
}
