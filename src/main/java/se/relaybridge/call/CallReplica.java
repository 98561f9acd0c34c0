package se.relaybridge.call;

import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.sip.DialogSnapshot;

import gov.nist.javax.sip.message.SIPMessage;

import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * What another node needs to go on with a confirmed call when the node that set it up is gone (issue 14;
 * docs/architecture.md, "A call without its node"): both legs' dialog state, the queue leg's ACK, which relay
 * profile and queue it belongs to, its relay metadata and its times, the Max-Forwards its new legs start with (a
 * transfer's). Plain values only, so that a data grid can
 * keep it. {@code generation} counts how often the call changed node: the node that writes the higher one carries
 * the call, and a node that finds itself behind lets the call go ({@link CallOwnership}).
 */
public record CallReplica(String callId, String node, String profileId, String queueId, Instant offeredAt,
                          Instant answeredAt, List<String> targetsTried, String relaySessionJson, LegReplica relay,
                          LegReplica queue, int maxForwards, long generation) {

    /**
     * One leg: its SIP Call-ID and transport, its dialog, the INVITE that set it up and the ACK relaybridge sent for
     * its 2xx (a queue leg) as their text, the last SDP relaybridge sent to its peer (Base64; a session refresh
     * and a transfer send it again), whether the peer allows UPDATE, and the leg's session timer: its interval in
     * seconds (null: none) and whether relaybridge refreshes.
     */
    public record LegReplica(String sipCallId, String transport, DialogSnapshot dialog, String invite, String ack,
                             String lastSdpSent, boolean peerAllowsUpdate, Long sessionSeconds,
                             boolean weRefresh) {
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

    /** The call as {@code node} has it now; both legs must be confirmed. Runs on the call's executor. */
    static CallReplica of(Call call, String node) {
        Leg relay = call.relay();
        Leg queue = call.queue();
        return new CallReplica(call.id(), node, call.profile() == null ? null : call.profile().id(), call.queueId(),
                call.offeredAt(), call.answeredAt(), call.targetsTried(),
                call.relaySession() == null ? null : RelaySessionJson.toJson(call.relaySession()),
                leg(relay), leg(queue), call.maxForwards(), call.generation());
    }

    private static LegReplica leg(Leg leg) {
        byte[] sdp = leg.lastSdpSent();
        return new LegReplica(leg.sipCallId(), leg.transport(), DialogSnapshot.of(leg.dialog()),
                text(leg.inviteBytes()), text(leg.ack(), leg.transport()),
                sdp == null ? null : Base64.getEncoder().encodeToString(sdp), leg.peerAllowsUpdate(),
                leg.sessionTimer() == null ? null : leg.sessionTimer().interval().toSeconds(),
                leg.sessionTimer() != null && leg.sessionTimer().weRefresh());
    }

    /** The same call, kept from now on by {@code newNode} (it took the call up): one generation on. */
    CallReplica ownedBy(String newNode) {
        return new CallReplica(callId, newNode, profileId, queueId, offeredAt, answeredAt, targetsTried,
                relaySessionJson, relay, queue, maxForwards, generation + 1);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String text(Request request, String transport) {
        return request == null ? null
                : new String(((SIPMessage) request).encodeAsBytes(transport), StandardCharsets.UTF_8);
    }
}
