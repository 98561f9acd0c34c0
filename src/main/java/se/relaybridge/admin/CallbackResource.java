package se.relaybridge.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import se.relaybridge.call.B2buaService;
import se.relaybridge.call.CallbackScheduler;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Scheduled callbacks (issue 7): at a given time relaybridge calls a nurse, then the person of an earlier relay call
 * through that call's relay, and bridges them. The person's number and relay come from the call's callback grant
 * and are never shown here; nor is the grant's token, which is the permission to call the person.
 */
@Path("callbacks")
@Produces(MediaType.APPLICATION_JSON)
@RequestScoped
public class CallbackResource {

    private static final int LIST_LIMIT = 500;
    private static final Set<String> FIELDS = Set.of("callId", "at", "nurseUri");
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    B2buaService service;

    @Inject
    AuditTrail audit;

    /** A scheduled callback as the API shows it. */
    @JsonbPropertyOrder({"id", "callId", "profileId", "nurseUri", "dueAt", "state", "attemptCount", "createdBy",
            "createdAt", "attempts"})
    public record CallbackView(String id, String callId, String profileId, String nurseUri, Instant dueAt, String state,
                               int attemptCount, String createdBy, Instant createdAt, List<CallbackAttempt> attempts) {

        static CallbackView of(ScheduledCallback c) {
            return new CallbackView(c.id(), c.callId(), c.profileId(), c.nurseUri(), c.dueAt(), c.state().wireName(),
                    c.attempts().size(), c.createdBy(), c.createdAt(), c.attempts());
        }
    }

    @GET
    @Operation(summary = "Scheduled callbacks: pending and calling first (soonest first), then the others (newest first)")
    public List<CallbackView> list() {
        return scheduler().list(LIST_LIMIT).stream().map(CallbackView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One scheduled callback with every attempt")
    @APIResponse(responseCode = "404", description = "no such scheduled callback")
    public CallbackView one(@PathParam("id") String id) {
        return scheduler().find(id).map(CallbackView::of).orElseThrow(() ->
                ProblemException.of(Response.Status.NOT_FOUND, "no scheduled callback '" + id + "'"));
    }

    /** {@code {"callId": "rb-…", "at": "2026-11-26T14:30:00Z", "nurseUri": "sip:…"}}; needs ops. */
    /** What a reload of callbacks.json did: {@code changed}, or the {@code problems} that kept the settings in force. */
    public record SettingsReloadView(boolean changed, List<Problem.FieldProblem> problems) {
    }

    /** Reads callbacks.json now (the file watch does so on its own unless configWatchSeconds is 0); audited. */
    @POST
    @Path("settings/reload")
    public SettingsReloadView reloadSettings(@Context SecurityContext who) {
        var result = ApiServices.running(service).reloadCallbackSettings(who.getUserPrincipal().getName());
        return new SettingsReloadView(result.changed(), Problem.FieldProblem.of(result.problems()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Schedule a callback of a relay call's person by a nurse at a time (ops)")
    @APIResponse(responseCode = "201", description = "scheduled; Location names it")
    @APIResponse(responseCode = "400", description = "bad JSON, a time not in the future or after the grant expires, a bad URI")
    @APIResponse(responseCode = "404", description = "the call has no valid callback grant")
    public Response create(String json, @Context SecurityContext who, @Context UriInfo uri) {
        JsonObject body = parse(json);
        String callId = text(body, "callId");
        String nurseUri = text(body, "nurseUri");
        Instant at = instant(text(body, "at"));
        String user = who.getUserPrincipal().getName();
        ScheduledCallback created = call(() -> scheduler().schedule(callId, at, nurseUri, user));
        CallbackView view = CallbackView.of(created);
        audit.record(user, "callback:" + created.id(), "create", null, JSONB.toJson(view));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(view).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Cancel a scheduled callback (ops); one being dialled finishes that attempt only")
    @APIResponse(responseCode = "404", description = "no such scheduled callback")
    @APIResponse(responseCode = "409", description = "it is done, failed or cancelled already")
    public CallbackView cancel(@PathParam("id") String id, @Context SecurityContext who) {
        String user = who.getUserPrincipal().getName();
        ScheduledCallback before = scheduler().find(id).orElse(null);
        ScheduledCallback cancelled = call(() -> scheduler().cancel(id, user));
        audit.record(user, "callback:" + id, "cancel", before == null ? null : JSONB.toJson(CallbackView.of(before)),
                JSONB.toJson(CallbackView.of(cancelled)));
        return CallbackView.of(cancelled);
    }

    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CallbackScheduler.Refusal refusal) {
            throw switch (refusal.kind()) {
                case INVALID -> invalid(refusal.field(), refusal.getMessage());
                case NOT_FOUND -> ProblemException.of(Response.Status.NOT_FOUND, refusal.getMessage());
                case CONFLICT -> ProblemException.of(Response.Status.CONFLICT, refusal.getMessage());
            };
        }
    }

    private static JsonObject parse(String json) {
        JsonObject body;
        try {
            body = JsonConfigReader.parseObject(json, "request body");
        } catch (ConfigProblem e) {
            throw invalid(e.field(), e.getMessage());
        }
        for (String key : body.keySet()) {
            if (!FIELDS.contains(key)) {
                throw invalid(key, key + " is not a field of a scheduled callback (callId, at, nurseUri)");
            }
        }
        return body;
    }

    private static String text(JsonObject body, String key) {
        JsonValue value = body.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw invalid(key, key + " must be a string");
        }
        return string.getString();
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid("at", "at '" + text + "' is not an ISO-8601 instant such as 2026-11-26T14:30:00Z");
        }
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(new Problem("about:blank", "Invalid scheduled callback", 400, message,
                List.of(new Problem.FieldProblem(null, field, message))));
    }

    private CallbackScheduler scheduler() {
        return ApiServices.running(service).callbacks();
    }
}
