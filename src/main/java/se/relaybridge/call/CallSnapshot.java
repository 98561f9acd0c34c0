package se.relaybridge.call;

import se.relaybridge.relay.RelaySession;
import se.relaybridge.routing.RouteDecision;

import java.time.Instant;
import java.util.List;

/**
 * One call as it stands at a moment, immutable: what the board, the call records and the metrics are told. A
 * {@link Call} belongs to its executor; a snapshot can go to any thread.
 *
 * @param profileId    the relay profile, or null for a call from no relay trunk
 * @param relaySession the relay metadata as sent to the queue (route included), or null
 * @param outcome      how it ended, null while it runs
 * @param endedAt      null while it runs
 * @param transfers    how many times the nurse side handed the call on (REFER)
 * @param receivedNanos when the relay's INVITE was received, on {@link System#nanoTime()}'s scale (this JVM only)
 */
public record CallSnapshot(String callId, String profileId, String service, String providerName, CallState state,
                           RelaySession relaySession, RouteDecision route, String queue, List<String> targetsTried,
                           String outcome, Instant offeredAt, Instant answeredAt, Instant endedAt, int transfers,
                           long receivedNanos) {

    public CallSnapshot {
        targetsTried = List.copyOf(targetsTried);
    }

    static CallSnapshot of(Call call, Instant endedAt) {
        return new CallSnapshot(call.id(), call.profile() == null ? null : call.profile().id(),
                call.profile() == null ? null : call.profile().service(),
                call.profile() == null ? null : call.profile().name(), call.state(), call.relaySession(), call.route(),
                call.queueId(), call.targetsTried(), call.outcome(), call.offeredAt(), call.answeredAt(), endedAt,
                call.transfers(), call.receivedNanos());
    }

    public boolean ended() {
        return endedAt != null;
    }

    /** Who ended the call: {@code relay}, {@code queue}, {@code operator}, {@code relaybridge}, or null (refused, failed, running). */
    public String hungUpBy() {
        if (outcome == null) {
            return null;
        }
        if (outcome.equals("completed:relay-hangup") || outcome.equals("cancelled:relay")) {
            return "relay";
        }
        if (outcome.equals("completed:queue-hangup")) {
            return "queue";
        }
        if (outcome.equals("completed:operator-hangup")) {
            return "operator";
        }
        return outcome.startsWith("failed:session-timer") || outcome.equals("failed:no-ack") ? "relaybridge" : null;
    }
}
