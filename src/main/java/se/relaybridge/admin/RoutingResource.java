package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaService;
import se.relaybridge.routing.LanguageTags;
import se.relaybridge.routing.RouteDecision;
import se.relaybridge.routing.RouteRequest;
import se.relaybridge.routing.RoutingStore;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Routing as a call would be routed, without placing one; and reloading routing.json on request. */
@Path("routing")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class RoutingResource {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{5,14}");
    private static final Pattern KOMMUNKOD = Pattern.compile("[0-9]{4}");

    @Inject
    B2buaService service;

    /** What a reload of routing.json did. */
    public record ReloadView(boolean changed, List<Problem.FieldProblem> problems) {
    }

    /**
     * The decision and its evidence trail for a person's number, a relay's kommunkod, a language and a moment
     * ({@code at}: an ISO-8601 instant or offset time, or a local time in the routing table's zone; now when absent),
     * for calls on relay profile {@code profile}. The same router decides real calls.
     */
    @GET
    @Path("explain")
    public RouteDecision explain(@QueryParam("number") String number, @QueryParam("kommun") String kommun,
                                 @QueryParam("language") String language, @QueryParam("at") String at,
                                 @QueryParam("profile") String profile) {
        B2bua b2bua = ApiServices.running(service);
        List<Problem.FieldProblem> problems = new ArrayList<>();
        if (number != null && !E164.matcher(number).matches()) {
            problems.add(param("number", "must be an E.164 number such as +46812345678"));
        }
        if (kommun != null && !KOMMUNKOD.matcher(kommun).matches()) {
            problems.add(param("kommun", "must be a four-digit kommunkod such as 1480"));
        }
        String tag = null;
        if (language != null) {
            tag = LanguageTags.normalize(language).orElse(null);
            if (tag == null) {
                problems.add(param("language", "must be a BCP 47 language tag such as en or ar"));
            }
        }
        if (profile != null && b2bua.profiles().get(profile).isEmpty()) {
            problems.add(param("profile", "no relay profile '" + profile + "' is in force"));
        }
        Instant moment = null;
        if (at != null) {
            moment = instant(at, b2bua);
            if (moment == null) {
                problems.add(param("at", "must be an ISO-8601 time such as 2026-11-25T03:00:00Z or 2026-11-25T03:00"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ProblemException(new Problem("about:blank", "Invalid query", 400,
                    problems.size() == 1 ? problems.get(0).message() : problems.size() + " query parameters are invalid",
                    problems));
        }
        return b2bua.router().decide(new RouteRequest(profile, number, kommun, null, tag, moment));
    }

    @POST
    @Path("reload")
    public ReloadView reload(@Context SecurityContext who) {
        // audited by the B2BUA with the file's text before and after, as a reload the file watch started is
        RoutingStore.Reload result = ApiServices.running(service).reloadRouting(who.getUserPrincipal().getName());
        return new ReloadView(result.changed(), Problem.FieldProblem.of(result.problems()));
    }

    private static Instant instant(String text, B2bua b2bua) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).atZone(b2bua.routingTable().timeZone()).toInstant();
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    private static Problem.FieldProblem param(String name, String message) {
        return new Problem.FieldProblem(null, name, name + ": " + message);
    }
}
