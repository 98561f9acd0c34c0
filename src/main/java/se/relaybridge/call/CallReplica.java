package se.relaybridge.call;

import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.sip.DialogSnapshot;

import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What another node needs to go on with a confirmed call when the node that set it up is gone (issue 14;
 * docs/architecture.md, "A call without its node"): both legs' dialog state, the queue leg's ACK, which relay
 * profile and queue it belongs to, its relay metadata and its times. Plain values only, so that a data grid can
 * keep it.
 */
public record CallReplica(String callId, String profileId, String queueId, Instant offeredAt, Instant answeredAt,
                          List<String> targetsTried, String relaySessionJson, LegReplica relay, LegReplica queue) {

    /** One leg: its SIP Call-ID and transport, its dialog, and the ACK relaybridge sent for its 2xx (queue leg). */
    public record LegReplica(String sipCallId, String transport, DialogSnapshot dialog, String ack) {
        public LegReplica {
            Objects.requireNonNull(sipCallId, "sipCallId");
            Objects.requireNonNull(dialog, "dialog");
        }
    }

    public CallReplica {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(queue, "queue");
        targetsTried = List.copyOf(targetsTried);
    }

    /** The call as it is now; both legs must be confirmed. Runs on the call's executor. */
    static CallReplica of(Call call) {
        Leg relay = call.relay();
        Leg queue = call.queue();
        return new CallReplica(call.id(), call.profile() == null ? null : call.profile().id(), call.queueId(),
                call.offeredAt(), call.answeredAt(), call.targetsTried(),
                call.relaySession() == null ? null : RelaySessionJson.toJson(call.relaySession()),
                leg(relay), leg(queue));
    }

    private static LegReplica leg(Leg leg) {
        Request ack = leg.ack();
        return new LegReplica(leg.sipCallId(), leg.transport(), DialogSnapshot.of(leg.dialog()),
                ack == null ? null : new String(((gov.nist.javax.sip.message.SIPMessage) ack)
                        .encodeAsBytes(leg.transport()), StandardCharsets.UTF_8));
    }
}
