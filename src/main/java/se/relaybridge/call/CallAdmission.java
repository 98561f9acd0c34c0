package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPMessage;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.sip.SipContext;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Decides whether a relay INVITE is a call relaybridge takes, and if so places the queue leg. */
final class CallAdmission {

    private static final Logger LOG = Logger.getLogger(CallAdmission.class.getName());
    private static final int DEFAULT_MAX_FORWARDS = 70;

    private final SipMessaging messaging;
    private final QueueInviteBuilder inviteBuilder;
    private final CallRegistry registry;
    private final Supplier<ProfileSet> profiles;
    private final Supplier<QueueDirectory> queues;

    CallAdmission(SipMessaging messaging, CallRegistry registry, Supplier<ProfileSet> profiles,
                  Supplier<QueueDirectory> queues) {
        this.messaging = messaging;
        this.inviteBuilder = new QueueInviteBuilder(messaging);
        this.registry = registry;
        this.profiles = profiles;
        this.queues = queues;
    }

    void onInvite(Call call, ServerTransaction transaction) {
        Leg relay = call.relay();
        relay.inviteServer(transaction);
        relay.localTag(Utils.getInstance().generateTag());
        Request invite = transaction.getRequest();
        try {
            messaging.send(transaction, messaging.relayResponse(relay, Response.TRYING));
            MaxForwardsHeader maxForwards = (MaxForwardsHeader) invite.getHeader(MaxForwardsHeader.NAME);
            int forwards = maxForwards == null ? DEFAULT_MAX_FORWARDS : maxForwards.getMaxForwards();
            if (forwards <= 0) {
                refuse(call, Response.TOO_MANY_HOPS, "max-forwards");
                return;
            }
            InetAddress source = sourceOf(invite);
            Optional<RelayProfile> profile = source == null ? Optional.empty() : profiles.get().match(source);
            if (profile.isEmpty()) {
                LOG.info(() -> call.id() + " refused: " + source + " is no relay trunk");
                refuse(call, Response.FORBIDDEN, "not-a-relay-trunk");
                return;
            }
            call.profile(profile.get());
            relay.dialog(messaging.sip().provider().getNewDialog(transaction));
            placeQueueLeg(call, invite, forwards - 1);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not be placed", e);
            if (call.queue() != null) {
                call.queue().released(true);
            }
            refuse(call, Response.SERVER_INTERNAL_ERROR, "internal-error");
        }
    }

    private void placeQueueLeg(Call call, Request invite, int maxForwards)
            throws ParseException, SipException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        String targetText = queues.get().defaultQueueSpec().targets().get(0);
        URI target = sip.addresses().createURI(targetText);
        String transport = transportOf(target);
        if (!sip.settings().hasTransport(transport)) {
            throw new SipException("queue target " + targetText + " needs transport " + transport
                    + ", which sip.json does not listen on");
        }
        CallIdHeader callId = sip.provider().getNewCallId();
        Leg queue = call.newQueueLeg(callId.getCallId(), transport);
        registry.bind(queue);
        Request out = inviteBuilder.build(call, invite, call.profile(), target, callId, maxForwards, transport);
        ClientTransaction transaction = sip.provider().getNewClientTransaction(out);
        transaction.setApplicationData(new TxTag(call, queue, TxPurpose.FORWARD_INVITE));
        queue.inviteClient(transaction);
        queue.dialog(sip.provider().getNewDialog(transaction));
        transaction.sendRequest();
        call.state(CallState.PROCEEDING);
        LOG.info(() -> call.id() + " " + call.profile().id() + " (" + call.profile().service() + ") -> queue "
                + queues.get().defaultQueue());
    }

    private void refuse(Call call, int status, String reason) {
        Leg relay = call.relay();
        try {
            messaging.send(relay.inviteServer(), messaging.relayResponse(relay, status));
        } catch (ParseException e) {
            LOG.log(Level.WARNING, call.id() + " could not build " + status, e);
        }
        relay.finalResponseSent(true);
        relay.released(true);
        call.outcome("refused:" + status + ":" + reason);
        call.state(CallState.ENDED);
        registry.close(call);
    }

    private static InetAddress sourceOf(Request request) {
        SIPMessage message = (SIPMessage) request;
        return message.getPeerPacketSourceAddress() != null ? message.getPeerPacketSourceAddress()
                : message.getRemoteAddress();
    }

    private static String transportOf(URI target) {
        if (target instanceof SipURI sip && sip.getTransportParam() != null) {
            return sip.getTransportParam().toLowerCase(Locale.ROOT);
        }
        return "udp";
    }
}
