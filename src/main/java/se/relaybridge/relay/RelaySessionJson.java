package se.relaybridge.relay;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

/**
 * JSON-B mapping of {@link RelaySession}. One shared {@link Jsonb}: it is thread-safe and expensive to
 * build, and a call setup must not pay for it.
 */
public final class RelaySessionJson {

    private static final class Holder {
        // nulls omitted (JSON-B default, stated so nobody flips it by accident); compact output, no line breaks
        static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(false).withFormatting(false));
    }

    private RelaySessionJson() {
    }

    public static String toJson(RelaySession session) {
        return Holder.JSONB.toJson(session);
    }

    public static RelaySession fromJson(String json) {
        return Holder.JSONB.fromJson(json, RelaySession.class);
    }
}
