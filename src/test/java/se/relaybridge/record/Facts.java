package se.relaybridge.record;

import java.time.Instant;
import java.util.List;

/** Call facts for tests: every field filled, and variants for the search filters. */
final class Facts {

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00.123Z");

    private Facts() {
    }

    static CallFacts started(String callId, Instant offeredAt) {
        return new CallFacts(callId, "ab7e1c0d2f3a4b5c6d7e8f9012345678", "texttelefoni", "text", "Texttelefoni.se",
                "tolk-42", "14", "Västra Götalands län", "vgr", "kommunkod", "sv", "none",
                "{\"service\":\"text\",\"number\":\"+46701234567\"}", List.of("sip:1177@127.0.0.1:5070"), null, null,
                offeredAt, null, null);
    }

    static CallFacts completed(String callId, Instant offeredAt) {
        return new CallFacts(callId, "ab7e1c0d2f3a4b5c6d7e8f9012345678", "texttelefoni", "text", "Texttelefoni.se",
                "tolk-43", "14", "Västra Götalands län", "vgr", "kommunkod", "sv", "none",
                "{\"service\":\"text\",\"interpreter\":\"tolk-43\"}",
                List.of("sip:1177@127.0.0.1:5070", "sip:1177@127.0.0.1:5072"), "completed:relay-hangup", "relay",
                offeredAt, offeredAt.plusMillis(1500), offeredAt.plusSeconds(300));
    }

    static CallFacts ended(String callId, String profile, String region, String outcome, Instant offeredAt) {
        return new CallFacts(callId, null, profile, "video", null, null, region, null, "q-" + region, null, null, null,
                null, List.of(), outcome, null, offeredAt, null, offeredAt.plusSeconds(10));
    }

    static CallFacts refused(String callId, Instant offeredAt) {
        return new CallFacts(callId, null, null, null, null, null, null, null, null, null, null, null, null, null,
                "refused:403:not-a-relay-trunk", "relaybridge", offeredAt, null, offeredAt);
    }
}
