package se.relaybridge.board;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallState;

import java.time.Instant;
import java.util.List;

/**
 * One call as the live board shows it. Deliberately without the person's number or the relay JSON: a wall screen
 * in a nurse team's room needs the relay, not the person.
 *
 * @param state     {@code offered}, {@code ringing}, {@code answered}, {@code ended}, {@code refused} or {@code failed}
 * @param attempts  queue targets tried before the call was answered (more than one: it failed over)
 * @param transfers how many times a nurse handed the call on; {@code queue} is where it is now
 */
@JsonbPropertyOrder({"callId", "service", "providerId", "providerName", "interpreterId", "languages", "region",
        "regionName", "queue", "state", "offeredAt", "answeredAt", "endedAt", "attempts", "transfers", "outcome"})
public record CallView(String callId, String service, String providerId, String providerName, String interpreterId,
                       List<String> languages, String region, String regionName, String queue, String state,
                       Instant offeredAt, Instant answeredAt, Instant endedAt, int attempts, int transfers,
                       String outcome) {

    public static CallView of(CallSnapshot call) {
        var session = call.relaySession();
        var route = call.route();
        return new CallView(call.callId(), call.service(), call.profileId(), call.providerName(),
                session == null ? null : session.interpreterId(), session == null ? List.of() : session.languages(),
                route == null ? null : route.region(), route == null ? null : route.regionName(), call.queue(),
                state(call), call.offeredAt(), call.answeredAt(), call.endedAt(),
                // a transfer target is a target the call went to, not one that failed before it
                call.targetsTried().size() - call.transfers(), call.transfers(),
                // decided while the legs are still being released: news only once the call is over
                call.ended() ? call.outcome() : null);
    }

    private static String state(CallSnapshot call) {
        if (call.ended()) {
            String outcome = call.outcome() == null ? "" : call.outcome();
            return outcome.startsWith("refused") ? "refused" : outcome.startsWith("failed") ? "failed" : "ended";
        }
        CallState state = call.state();
        return switch (state) {
            case OFFERED -> "offered";
            case PROCEEDING, EARLY -> "ringing";
            case ANSWERED, CONFIRMED, ENDING -> "answered";
            case ENDED -> "ended";
        };
    }
}
