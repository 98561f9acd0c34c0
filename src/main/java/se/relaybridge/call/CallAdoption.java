package se.relaybridge.call;

import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.sip.DialogSnapshot;
import se.relaybridge.sip.RestoredDialog;
import se.relaybridge.sip.SipContext;

import javax.sip.Dialog;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes up a confirmed call another node set up, when a request in one of its dialogs reaches this node (its node
 * is gone and the front proxy sent the request here; docs/architecture.md, "A call without its node"): both legs'
 * dialogs are restored in this node's stack from the call's {@link CallReplica}, and the call joins the registry
 * under its own id, so that this request and every later one is handled as if the call had been set up here.
 * Runs on the SIP stack's thread, before the request's server transaction is made (so that it joins the restored
 * dialog); {@link CallReplicas} never blocks.
 */
final class CallAdoption {

    private static final Logger LOG = Logger.getLogger(CallAdoption.class.getName());
    /**
     * The replica is written when the call is confirmed, not at every request relaybridge sends in it: this node
     * goes on that far above the last CSeq it knows of, so that its requests are never below one the dead node sent
     * since (RFC 3261 §12.2.1.1 asks for a higher CSeq, not the next one). 100 is 25 hours of 15-minute refreshes.
     */
    static final long CSEQ_MARGIN = 100;

    private final SipContext sip;
    private final CallRegistry registry;
    private final CallReplicas replicas;
    private final Supplier<ProfileSet> profiles;
    private final Supplier<QueueDirectory> queues;
    private final SessionTimers sessionTimers;
    private final TrunkCapacity capacity;
    private final String node;

    CallAdoption(SipContext sip, CallRegistry registry, CallReplicas replicas, Supplier<ProfileSet> profiles,
                 Supplier<QueueDirectory> queues, SessionTimers sessionTimers, TrunkCapacity capacity, String node) {
        this.queues = queues;
        this.sessionTimers = sessionTimers;
        this.capacity = capacity;
        this.node = node;
        this.sip = sip;
        this.registry = registry;
        this.replicas = replicas;
        this.profiles = profiles;
    }

    /** The leg of {@code sipCallId} once its call is taken up here; empty when no node kept such a call. */
    Optional<Leg> adopt(String sipCallId) {
        replicas.bySipCallId(sipCallId).ifPresent(this::takeUp);
        return registry.leg(sipCallId);
    }

    /**
     * Takes up every call {@code deadNode} kept (that node is gone): the calls whose session relaybridge refreshes
     * would otherwise end unnoticed, and a call whose peers stay silent would never be found. Not on a SIP thread:
     * the store may be asked over the network.
     */
    int adoptAllOf(String deadNode) {
        int taken = 0;
        for (CallReplica replica : replicas.ofNode(deadNode)) {
            if (registry.leg(replica.relay().sipCallId()).isEmpty() && takeUp(replica)) {
                taken++;
            }
        }
        return taken;
    }

    private boolean takeUp(CallReplica replica) {
        Call call = registry.adopted(replica.callId(), replica.relay().sipCallId(), replica.relay().transport(),
                replica.offeredAt());
        List<Dialog> restored = new ArrayList<>();
        try {
            restored.add(restore(call.relay(), replica.relay()));
            Leg queue = call.newQueueLeg(replica.queue().sipCallId(), replica.queue().transport());
            restored.add(restore(queue, replica.queue()));
            profiles.get().get(replica.profileId()).ifPresent(call::profile);
            if (replica.relaySessionJson() != null) {
                call.relaySession(RelaySessionJson.fromJson(replica.relaySessionJson()));
            }
            // the queue as configured here (null when it is no longer, or was a transfer's own)
            call.adopted(replica.queueId(), replica.queueId() == null ? null
                            : queues.get().get(replica.queueId()).orElse(null), replica.targetsTried(),
                    replica.answeredAt(), replica.maxForwards());
        } catch (ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, replica.callId() + " could not be taken up from its replica", e);
            restored.forEach(Dialog::delete);
            return false;
        }
        CallReplica ours = replica.ownedBy(node);
        call.generation(ours.generation());
        if (!registry.admitAdopted(call)) {
            restored.forEach(Dialog::delete); // taken up a moment ago by another request of the same call
            return false;
        }
        replicas.put(ours);
        call.replicated(true);
        call.executor().execute(() -> {
            registry.announce(call);
            if (replica.profileId() != null) {
                capacity.adopted(call, replica.profileId());
            }
            resumeSessionTimer(call, call.relay(), replica.relay());
            resumeSessionTimer(call, call.queue(), replica.queue());
        });
        LOG.info(() -> call.id() + " taken up from its replica, kept by node " + replica.node());
        return true;
    }

    private void resumeSessionTimer(Call call, Leg leg, CallReplica.LegReplica kept) {
        if (kept.sessionSeconds() != null) {
            sessionTimers.resume(call, leg, Duration.ofSeconds(kept.sessionSeconds()), kept.weRefresh());
        }
    }

    private Dialog restore(Leg leg, CallReplica.LegReplica kept) throws ParseException {
        DialogSnapshot dialog = kept.dialog();
        DialogSnapshot ahead = new DialogSnapshot(dialog.callId(), dialog.localTag(), dialog.remoteTag(),
                dialog.localParty(), dialog.remoteParty(), Math.max(dialog.localSeq(), 0) + CSEQ_MARGIN,
                dialog.remoteSeq(), dialog.remoteTarget(), dialog.routeSet(), dialog.server());
        Dialog restored = RestoredDialog.restore(sip.provider(), sip.messages(), sip.headers(), sip.addresses(), ahead);
        leg.dialog(restored);
        leg.restoredConfirmed(bytes(kept.invite()), kept.ack() == null ? null : ParsedAgain.request(bytes(kept.ack())),
                kept.lastSdpSent() == null ? null : Base64.getDecoder().decode(kept.lastSdpSent()),
                kept.peerAllowsUpdate());
        return restored;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
