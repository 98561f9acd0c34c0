package se.relaybridge.relay;

import se.relaybridge.config.JsonFields;

import java.util.List;

/**
 * Binds a relay profile file, already parsed with JSON-P, to {@link RelayProfile}. The known keys of each object
 * are listed here once: a key not listed is refused by {@link JsonFields#allowOnly}, so adding a field to a
 * record means adding it here too ({@code ProfileJsonTest} compares these lists with the records' components).
 */
final class ProfileJson {

    static final List<String> TOP = List.of("id", "name", "service", "trunk", "provider", "inbound", "callback");
    /**
     * Top-level fields that profiles once had and that no longer mean anything: a file that still carries one
     * loads as before ({@link ProfileFile} warns and leaves the field out), since refusing it at the next restart
     * would take that trunk out of service.
     */
    static final List<String> OBSOLETE = List.of("queuePriority");
    static final List<String> TRUNK = List.of("sources", "transports", "tlsSubject", "maxConcurrentCalls",
            "maxCallsPerSecond");
    static final List<String> PROVIDER = List.of("domain", "contactUri", "languages");
    static final List<String> INBOUND = List.of("interpreterHeader", "municipalityHeader", "languageHeader");
    static final List<String> CALLBACK = List.of("uriTemplate", "validHours");

    private ProfileJson() {
    }

    /** The profile as written; fields with a problem (reported to the fields' ProblemList) read as null. */
    static RelayProfile bind(JsonFields root) {
        root.allowOnly(TOP);
        return new RelayProfile(root.string("id"), root.string("name"), root.string("service"),
                root.object("trunk", ProfileJson::trunk), root.object("provider", ProfileJson::provider),
                root.object("inbound", ProfileJson::inbound), root.object("callback", ProfileJson::callback));
    }

    private static TrunkSpec trunk(JsonFields trunk) {
        trunk.allowOnly(TRUNK);
        return new TrunkSpec(trunk.strings("sources"), trunk.strings("transports"), trunk.string("tlsSubject"),
                trunk.integer("maxConcurrentCalls"), trunk.integer("maxCallsPerSecond"));
    }

    private static ProviderSpec provider(JsonFields provider) {
        provider.allowOnly(PROVIDER);
        return new ProviderSpec(provider.string("domain"), provider.string("contactUri"), provider.strings("languages"));
    }

    private static InboundHeaders inbound(JsonFields inbound) {
        inbound.allowOnly(INBOUND);
        return new InboundHeaders(inbound.string("interpreterHeader"), inbound.string("municipalityHeader"),
                inbound.string("languageHeader"));
    }

    private static CallbackSpec callback(JsonFields callback) {
        callback.allowOnly(CALLBACK);
        return new CallbackSpec(callback.string("uriTemplate"), callback.integer("validHours"));
    }
}
