package se.relaybridge.board;

import java.time.Instant;
import java.util.List;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** A CallView as the board's event stream carries it (JSON-B leaves null fields out, which the page must accept). */
public record TestCall(String callId, String service, String providerId, String providerName, String interpreterId,
                List<String> languages, String region, String regionName, String queue, String state,
                Instant offeredAt, Instant answeredAt, Instant endedAt, Integer attempts, Integer transfers,
                String outcome) {

    private static final Jsonb JSONB = JsonbBuilder.create();

    static TestCall text(String callId, Instant offeredAt) {
        return new TestCall(callId, "text", "texttelefoni", "Texttelefoni.se", "tolk-4711", List.of("sv", "en"),
                "14", "Västra Götalands län", "vastra-gotaland", "offered", offeredAt, null, null, 1, 0, null);
    }

    static TestCall video(String callId, Instant offeredAt) {
        return new TestCall(callId, "video", "bildtelefoni", "Bildtelefoni.net", "tolk-0815", List.of("swl", "sv"),
                "01", "Stockholms län", "stockholm", "offered", offeredAt, null, null, 1, 0, null);
    }

    static TestCall teletal(String callId, Instant offeredAt) {
        return new TestCall(callId, "speech", "teletal", "Teletal", null, List.of("sv"),
                null, null, "nationell", "offered", offeredAt, null, null, 1, 0, null);
    }

    TestCall ringing() {
        return new TestCall(callId, service, providerId, providerName, interpreterId, languages, region, regionName,
                queue, "ringing", offeredAt, null, null, attempts, transfers, null);
    }

    TestCall answered(Instant at) {
        return new TestCall(callId, service, providerId, providerName, interpreterId, languages, region, regionName,
                queue, "answered", offeredAt, at, null, attempts, transfers, null);
    }

    TestCall attempts(int n) {
        return new TestCall(callId, service, providerId, providerName, interpreterId, languages, region, regionName,
                queue, state, offeredAt, answeredAt, endedAt, n, transfers, outcome);
    }

    /** Handed on by a nurse {@code n} times, now in {@code newQueue}. */
    TestCall transferred(int n, String newQueue) {
        return new TestCall(callId, service, providerId, providerName, interpreterId, languages, region, regionName,
                newQueue, state, offeredAt, answeredAt, endedAt, attempts, n, outcome);
    }

    TestCall finished(String finalState, Instant at, String finalOutcome) {
        return new TestCall(callId, service, providerId, providerName, interpreterId, languages, region, regionName,
                queue, finalState, offeredAt, answeredAt, at, attempts, transfers, finalOutcome);
    }

    String json() {
        return JSONB.toJson(this);
    }

    /** A snapshot with scheduled callbacks, each given as its JSON. */
    static String snapshot(List<TestCall> calls, List<TestCall> recent, List<String> callbacks) {
        String plain = snapshot(calls, recent);
        return plain.substring(0, plain.length() - 1) + ",\"callbacks\":[" + String.join(",", callbacks) + "]}";
    }

    static String snapshot(List<TestCall> calls, List<TestCall> recent) {
        return "{\"calls\":[" + String.join(",", calls.stream().map(TestCall::json).toList())
                + "],\"recent\":[" + String.join(",", recent.stream().map(TestCall::json).toList()) + "]}";
    }
}
