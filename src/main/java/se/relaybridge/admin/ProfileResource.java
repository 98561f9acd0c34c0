package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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
import se.relaybridge.relay.ProfileEditor;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.ReloadResult;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/** The relay profiles in force, and reloading them on an operator's request. */
@Path("profiles")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class ProfileResource {

    private static final Logger LOG = Logger.getLogger(ProfileResource.class.getName());

    @Inject
    B2buaService service;

    @Inject
    AuditTrail audit;

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

    /** A profile that would be taken as it is. */
    public record ValidView(boolean valid, RelayProfile profile) {
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
        audit.record(who.getUserPrincipal().getName(), "profiles", "reload", null, result.summary());
        return ReloadView.of(result);
    }

    /** Checks a profile as {@code relay-profiles/<id>.json} would be checked, writing nothing. */
    @POST
    @Path("{id}/validate")
    @Consumes(MediaType.APPLICATION_JSON)
    public ValidView validate(@PathParam("id") String id, String json) {
        B2bua b2bua = running();
        ProfileEditor.Check check = b2bua.profileEditor().check(knownShape(id), json, b2bua.profiles());
        if (!check.ok()) {
            throw invalid(id, check);
        }
        return new ValidView(true, check.profile());
    }

    /**
     * Creates or replaces a profile: checked like its file, then written and taken at once; calls in progress keep
     * the profile they were admitted with. 201 for a new profile, 200 for a replaced one.
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, String json, @Context SecurityContext who) {
        B2bua b2bua = running();
        ProfileEditor editor = writableEditor(b2bua, knownShape(id));
        ProfileEditor.Check check = editor.check(id, json, b2bua.profiles());
        if (!check.ok()) {
            throw invalid(id, check);
        }
        Optional<String> before = editor.read(id);
        editor.write(id, json);
        ReloadResult result = b2bua.reloadProfiles();
        audit.record(who.getUserPrincipal().getName(), "profile:" + id, before.isPresent() ? "replace" : "create",
                before.orElse(null), json);
        RelayProfile inForce = b2bua.profiles().get(id).orElseThrow(() -> new ProblemException(
                Problem.invalid("the profile was written but not taken", result.problems())));
        return Response.status(before.isPresent() ? Response.Status.OK : Response.Status.CREATED).entity(inForce).build();
    }

    /** Deletes a profile: its trunk's new calls are refused from now on; calls in progress go on. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext who) {
        B2bua b2bua = running();
        ProfileEditor editor = writableEditor(b2bua, knownShape(id));
        Optional<String> before = editor.read(id);
        if (before.isEmpty() || !editor.delete(id)) {
            throw ProblemException.of(Response.Status.NOT_FOUND, "no relay profile file for '" + id + "'");
        }
        b2bua.reloadProfiles();
        audit.record(who.getUserPrincipal().getName(), "profile:" + id, "delete", before.get(), null);
        return Response.noContent().build();
    }

    private static String knownShape(String id) {
        if (!ProfileEditor.isId(id)) {
            throw new ProblemException(new Problem("about:blank", "Invalid profile id", 400,
                    "a profile id is 1-63 lower-case letters, digits and '-', starting with a letter or digit",
                    List.of(new Problem.FieldProblem(null, "id", "id: '" + id + "' is not a profile id"))));
        }
        return id;
    }

    private static ProfileEditor writableEditor(B2bua b2bua, String id) {
        ProfileEditor editor = b2bua.profileEditor();
        if (!editor.writable()) {
            throw ProblemException.of(Response.Status.CONFLICT, "relay profiles are read from the embedded defaults,"
                    + " which cannot be changed; run relaybridge with -Drelaybridge.config.dir=<your folder>");
        }
        return editor;
    }

    private static ProblemException invalid(String id, ProfileEditor.Check check) {
        return new ProblemException(Problem.invalid("relay profile '" + id + "' is not valid"
                + (check.problems().size() == 1 ? ": " + check.problems().get(0).getMessage()
                : " (" + check.problems().size() + " problems)"), check.problems()));
    }

    private B2bua running() {
        return ApiServices.running(service);
    }
}
