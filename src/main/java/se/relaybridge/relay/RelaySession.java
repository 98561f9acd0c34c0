package se.relaybridge.relay;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import se.relaybridge.routing.RouteDecision;

import java.time.Instant;
import java.util.List;

/**
 * The normalized relay metadata of one call (DESIGN §6), sent to the nurse queue as
 * {@code application/vnd.relaybridge.relay+json}. The JSON field names are a published contract
 * (see {@code relaybridge-relay-metadata.schema.json}): rename nothing, only add optional fields and
 * bump {@link #SCHEMA_VERSION} for anything a reader could misread.
 *
 * @param schemaVersion    always {@link #SCHEMA_VERSION}; lets queue-side readers refuse a future format
 * @param callId           relaybridge call id, {@code rb-} + 16 hex digits
 * @param sessionId        RFC 7989 Session-ID as received, or null
 * @param service          {@code text}, {@code video} or {@code speech}
 * @param provider         the relay profile that took the call
 * @param interpreterId    the relay's interpreter id, or null when the relay did not send a usable one
 * @param languages        caller-side BCP 47 tags, normalized, preference order
 * @param modalities       {@code audio}, {@code video}, {@code text} streams present (port != 0) in the SDP
 * @param personNumber     the person's E.164 number from PAI, or null
 * @param municipality     kommunkod (4 digits), or null
 * @param region           län code (2 digits), or null
 * @param callbackUri      how the nurse reaches the person back through the relay, or null
 * @param callbackExpires  when {@code callbackUri} stops working, or null
 * @param startTime        when the relay's INVITE arrived (UTC)
 * @param ignored          one note per piece of malformed metadata that was dropped; never null
 * @param route            where relaybridge routed the call and on what evidence (DESIGN §7), or null before routing
 */
@JsonbPropertyOrder({"schemaVersion", "callId", "sessionId", "service", "provider", "interpreterId", "languages",
        "modalities", "personNumber", "municipality", "region", "callbackUri", "callbackExpires", "startTime",
        "ignored", "route"})
public record RelaySession(int schemaVersion, String callId, String sessionId, String service, Provider provider,
                           String interpreterId, List<String> languages, List<String> modalities,
                           String personNumber, String municipality, String region, String callbackUri,
                           Instant callbackExpires, Instant startTime, List<String> ignored,
                           RouteDecision route) {

    public static final int SCHEMA_VERSION = 1;

    /** Lists are copied so a session handed to another thread (or call record) can never change under it. */
    public RelaySession {
        languages = languages == null ? List.of() : List.copyOf(languages);
        modalities = modalities == null ? List.of() : List.copyOf(modalities);
        ignored = ignored == null ? List.of() : List.copyOf(ignored);
    }

    /** Who runs the relay: the profile's id and display name. */
    @JsonbPropertyOrder({"id", "name"})
    public record Provider(String id, String name) {
    }

    /** The callback is minted after routing, so it is added to an already extracted session. */
    public RelaySession withCallback(String uri, Instant expires) {
        return new RelaySession(schemaVersion, callId, sessionId, service, provider, interpreterId, languages,
                modalities, personNumber, municipality, region, uri, expires, startTime, ignored, route);
    }

    /** The route is decided after the metadata is read, so it is added to an already extracted session. */
    public RelaySession withRoute(RouteDecision decision) {
        return new RelaySession(schemaVersion, callId, sessionId, service, provider, interpreterId, languages,
                modalities, personNumber, municipality, region, callbackUri, callbackExpires, startTime, ignored, decision);
    }

    /** A new interpreter mid-call (DESIGN §6 "Mid-call") changes only this field. */
    public RelaySession withInterpreter(String newInterpreterId) {
        return new RelaySession(schemaVersion, callId, sessionId, service, provider, newInterpreterId, languages,
                modalities, personNumber, municipality, region, callbackUri, callbackExpires, startTime, ignored, route);
    }
}
