package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.relay.InboundHeaders;
import se.relaybridge.callback.CallbackToken;
import se.relaybridge.relay.InboundMetadata;
import se.relaybridge.relay.MetadataExtractor;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayHeaders;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.TrunkCertificateCheck;
import se.relaybridge.sip.TlsPeer;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Decides whether a relay INVITE is a call relaybridge takes, and if so places the queue leg. */
final class CallAdmission {

    private static final Logger LOG = Logger.getLogger(CallAdmission.class.getName());
    private static final int DEFAULT_MAX_FORWARDS = 70;
    private static final int SESSION_INTERVAL_TOO_SMALL = 422;
    private static final int TRUNK_FULL_RETRY_AFTER_SECONDS = 2;

    private final SipMessaging messaging;
    private final CallRegistry registry;
    private final Supplier<ProfileSet> profiles;
    private final QueueDialer dialer;
    private final CallSignaling signaling;
    private final TrunkCapacity capacity;
    private final CallbackAdmission callbacks;
    private final SipEdge edge;

    CallAdmission(SipMessaging messaging, CallRegistry registry, Supplier<ProfileSet> profiles, QueueDialer dialer,
                  CallSignaling signaling, TrunkCapacity capacity, CallbackAdmission callbacks, SipEdge edge) {
        this.edge = edge;
        this.messaging = messaging;
        this.registry = registry;
        this.profiles = profiles;
        this.dialer = dialer;
        this.signaling = signaling;
        this.capacity = capacity;
        this.callbacks = callbacks;
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
            if (ViaLoop.passedThrough(invite, messaging.sip().settings())) {
                refuse(call, Response.LOOP_DETECTED, "loop");
                return;
            }
            Optional<String> token = CallbackToken.of(userOf(invite.getRequestURI()));
            if (token.isPresent()) {
                onCallback(call, transaction, token.get(), forwards - 1);
                return;
            }
            InetAddress source = edge.senderOf(invite);
            Optional<RelayProfile> profile = source == null ? Optional.empty() : profiles.get().match(source);
            if (profile.isEmpty() && !messaging.sip().settings().admitsUntrustedCalls()) {
                LOG.fine(() -> call.id() + " refused: " + source + " is no relay trunk");
                if (edge.strangerRefused(source)) {
                    refuse(call, Response.FORBIDDEN, "not-a-relay-trunk");
                } else {
                    refuseUnrecorded(call, Response.FORBIDDEN);
                }
                return;
            }
            if (profile.isPresent()) {
                TrunkCertificateCheck.Verdict tls = TrunkCertificateCheck.check(profile.get().trunk(),
                        TlsPeer.transportOf(transaction), () -> TlsPeer.certificatesOf(transaction));
                if (!tls.accepted()) {
                    LOG.info(() -> call.id() + " refused: " + profile.get().id() + " needs its TLS certificate: " + tls);
                    refuse(call, Response.FORBIDDEN, "trunk-certificate");
                    return;
                }
            }
            if (signaling.sessionTimers().tooShort(invite)) {
                refuseSessionTooShort(call);
                return;
            }
            if (profile.isPresent() && !capacity.tryAdmit(call, profile.get())) {
                // the refused call is the trunk's: metrics and its record name the trunk, not "none"
                call.profile(profile.get());
                refuseTrunkFull(call);
                return;
            }
            // a call from no relay trunk (policy "admit") goes on with no profile: nothing of its metadata is trusted
            if (profile.isEmpty()) {
                edge.strangerAdmitted();
            }
            call.profile(profile.orElse(null));
            profile.ifPresent(p -> call.relaySession(MetadataExtractor.extract(p, inboundOf(invite, p.inboundHeaders()),
                    call.id(), call.offeredAt())));
            relay.dialog(messaging.sip().provider().getNewDialog(transaction));
            if (!dialer.dialFirst(call, forwards - 1)) {
                signaling.noQueueTargetLeft(call);
            }
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not be placed", e);
            if (call.queue() != null) {
                call.queue().released(true);
            }
            refuse(call, Response.SERVER_INTERNAL_ERROR, "internal-error");
        }
    }

    /** A nurse calling a person back through the relay (DESIGN §8). */
    private void onCallback(Call call, ServerTransaction transaction, String token, int forwards) throws SipException {
        CallbackAdmission.Verdict verdict = callbacks.prepare(call, token);
        if (verdict instanceof CallbackAdmission.Refuse refusal) {
            refuse(call, Response.NOT_FOUND, refusal.reason());
            return;
        }
        call.relay().dialog(messaging.sip().provider().getNewDialog(transaction));
        if (!dialer.dialCallback(call, ((CallbackAdmission.Dial) verdict).target(), forwards)) {
            signaling.noQueueTargetLeft(call);
        }
    }

    private static String userOf(javax.sip.address.URI uri) {
        return uri instanceof javax.sip.address.SipURI sip ? sip.getUser() : null;
    }

    /** RFC 4028 §8.1: 422 with the smallest interval relaybridge accepts. */
    private void refuseSessionTooShort(Call call) throws ParseException {
        Response response = messaging.relayResponse(call.relay(), SESSION_INTERVAL_TOO_SMALL);
        response.setHeader(messaging.sip().headers().createHeader(SessionExpires.MIN_SE,
                String.valueOf(signaling.sessionTimers().policy().minSe().toSeconds())));
        refuseWith(call, response, "refused:422:session-interval");
    }

    /** The trunk is at its capacity: 503 with a short Retry-After; calls already admitted are not touched. */
    private void refuseTrunkFull(Call call) throws ParseException, InvalidArgumentException {
        Response response = messaging.relayResponse(call.relay(), Response.SERVICE_UNAVAILABLE);
        response.setHeader(messaging.sip().headers().createRetryAfterHeader(TRUNK_FULL_RETRY_AFTER_SECONDS));
        refuseWith(call, response, "refused:503:trunk-capacity");
    }

    private void refuse(Call call, int status, String reason) {
        try {
            refuseWith(call, messaging.relayResponse(call.relay(), status), "refused:" + status + ":" + reason);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, call.id() + " could not build " + status, e);
            refuseWith(call, null, "refused:" + status + ":" + reason);
        }
    }

    /** A stranger's INVITE beyond its sample: refused and counted, with no record, log line or board entry. */
    private void refuseUnrecorded(Call call, int status) {
        try {
            messaging.send(call.relay().inviteServer(), messaging.relayResponse(call.relay(), status));
        } catch (ParseException e) {
            LOG.log(Level.FINE, call.id() + " could not build " + status, e);
        }
        call.relay().finalResponseSent(true);
        call.relay().released(true);
        call.state(CallState.ENDED);
        registry.discard(call);
    }

    /** Sends the refusal (when there is one to send) and ends the call: it never got past admission. */
    private void refuseWith(Call call, Response response, String outcome) {
        Leg relay = call.relay();
        if (response != null) {
            messaging.send(relay.inviteServer(), response);
        }
        relay.finalResponseSent(true);
        relay.released(true);
        call.outcome(outcome);
        call.state(CallState.ENDED);
        registry.close(call);
    }

    /** The relay's metadata as it arrived, each value as plain text (or null), for the extractor to judge. */
    private static InboundMetadata inboundOf(Request invite, InboundHeaders names) {
        byte[] sdp = QueueInviteBuilder.sdpOf(invite);
        return new InboundMetadata(values(invite, RelayHeaders.P_ASSERTED_IDENTITY), values(invite, names.interpreterHeader()),
                values(invite, names.municipalityHeader()), values(invite, names.languageHeader()),
                values(invite, "Session-ID"), sdp == null ? null : new String(sdp, StandardCharsets.UTF_8));
    }

    private static String values(Request request, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> headers = request.getHeaders(name);
        while (headers != null && headers.hasNext()) {
            values.add(QueueInviteBuilder.valueOf((Header) headers.next()));
        }
        return values.isEmpty() ? null : String.join(", ", values);
    }


}
