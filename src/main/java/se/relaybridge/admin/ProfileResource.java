package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.ReloadResult;

import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;

/** The relay profiles in force, and reloading them on an operator's request. */
@Path("profiles")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ProfileResource {

    private static final Logger LOG = Logger.getLogger(ProfileResource.class.getName());

    @Inject
    B2buaService service;

    /** The profiles in force and the problems of any file that was refused. */
    public record ProfilesView(List<RelayProfile> profiles, List<Problem.FieldProblem> problems) {
    }

    /** What a reload did; see {@link ReloadResult}. */
    public record ReloadView(List<String> added, List<String> changed, List<String> removed,
                             List<String> keptLastGood, List<Problem.FieldProblem> problems) {

        static ReloadView of(ReloadResult r) {
            return new ReloadView(r.added(), r.changed(), r.removed(), r.keptLastGood(), Problem.FieldProblem.of(r.problems()));
        }
    }

    @GET
    public ProfilesView list() {
        ProfileSet set = running().profiles();
        return new ProfilesView(set.byId().values().stream().sorted(Comparator.comparing(RelayProfile::id)).toList(),
                Problem.FieldProblem.of(set.problems()));
    }

    @GET
    @Path("{id}")
    public RelayProfile get(@PathParam("id") String id) {
        return running().profiles().get(id).orElseThrow(() ->
                ProblemException.of(Response.Status.NOT_FOUND, "no relay profile '" + id + "' is in force"));
    }

    /**
     * Reads {@code relay-profiles/} now instead of waiting for the file watch. Calls in progress keep the profile
     * they were admitted with; a file with problems leaves its last good version in force.
     */
    @POST
    @Path("reload")
    public ReloadView reload(@Context SecurityContext who) {
        ReloadResult result = running().reloadProfiles();
        LOG.info(() -> "relay profiles reloaded on request of " + who.getUserPrincipal().getName() + ": " + result.summary());
        return ReloadView.of(result);
    }

    private B2bua running() {
        return ApiServices.running(service);
    }
}
