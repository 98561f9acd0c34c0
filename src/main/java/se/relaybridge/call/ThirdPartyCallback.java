package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.routing.FailoverPolicy;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.sip.NumberMask;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A scheduled callback's SIP side, third-party call control as in RFC 3725 flow I: relaybridge INVITEs the nurse
 * without SDP, so her 200 OK carries the offer; it INVITEs the person through the relay profile's callback trunk
 * with that offer; the trunk's answer goes to the nurse in the ACK of her 200 OK. From then on the call is like
 * any other (the nurse is the inbound leg {@link Call#relay()}, the trunk {@link Call#queue()}) and
 * {@link CallSignaling} bridges re-INVITE, UPDATE, INFO and BYE. Until then both legs are relaybridge's own client
 * transactions, so this class, not CallSignaling, handles their answers and time-outs. Runs on the call's executor.
 * <p>
 * A nurse who is busy or does not answer within the ring time, and a person (trunk) who does not answer, end the
 * attempt; the nurse who had answered gets an answer refusing every stream (port 0, RFC 3264 §6) and a BYE.
 */
final class ThirdPartyCallback {

    private static final Logger LOG = Logger.getLogger(ThirdPartyCallback.class.getName());
    private static final int MAX_FORWARDS = 70;

    /** What the scheduler hands in for one attempt, and is told once at its end. */
    record Order(String callbackId, String nurseUri, CallbackGrant grant, RelayProfile profile, Duration nurseRing,
                 Duration personRing, BiConsumer<String, CallbackAttempt> ended) {
    }

    /** One attempt's progress; kept on its {@link Call}, touched only on the call's executor. */
    static final class Attempt {
        private final Order order;
        private boolean givenUp;
        private boolean reported;
        private String pendingOutcome;
        private Integer pendingStatus;

        Attempt(Order order) {
            this.order = order;
        }
    }

    private final SipMessaging messaging;
    private final CallRegistry registry;
    private final SessionTimers sessionTimers;
    private final ReliableProvisionals reliable;
    private final QueueInviteBuilder inviteBuilder;
    private final ScheduledExecutorService timers;
    private final java.time.Clock clock;
    private final LegRequests requests;

    ThirdPartyCallback(SipMessaging messaging, CallRegistry registry, SessionTimers sessionTimers, LegRequests requests,
                       SessionTimerPolicy sessionTimerPolicy, ScheduledExecutorService timers, java.time.Clock clock) {
        this.messaging = messaging;
        this.requests = requests;
        this.registry = registry;
        this.sessionTimers = sessionTimers;
        this.reliable = new ReliableProvisionals(messaging);
        this.inviteBuilder = new QueueInviteBuilder(messaging, sessionTimerPolicy);
        this.timers = timers;
        this.clock = clock;
        // whatever ends a call (a hang-up by an operator, a stop) the scheduler hears of its attempt once
        registry.onFinished(call -> {
            Attempt attempt = call.thirdParty();
            if (attempt != null && !attempt.reported) {
                report(call, attempt.pendingOutcome != null ? attempt.pendingOutcome : "interrupted",
                        attempt.pendingStatus);
            }
        });
    }

    /** What is wrong with a nurse URI given to the API, or empty when relaybridge can call it. */
    java.util.Optional<String> nurseUriProblem(String text) {
        if (text == null || text.isBlank()) {
            return java.util.Optional.of("nurseUri is missing (a sip: or sips: URI)");
        }
        try {
            URI uri = messaging.sip().addresses().createURI(text.trim());
            if (!(uri instanceof SipURI sip) || sip.getHost() == null || sip.getHost().isBlank()) {
                return java.util.Optional.of("nurseUri must be a sip: or sips: URI with a host");
            }
            String transport = transportOf(uri);
            if (!messaging.sip().settings().hasTransport(transport)) {
                return java.util.Optional.of("nurseUri needs transport " + transport + ", which sip.json does not listen on");
            }
            return java.util.Optional.empty();
        } catch (ParseException | RuntimeException e) {
            return java.util.Optional.of("nurseUri is not a SIP URI");
        }
    }

    /** Opens the call and has its executor INVITE the nurse; answers relaybridge's call id of the attempt. */
    String place(Order order) throws ParseException, SipException {
        SipContext sip = messaging.sip();
        URI nurse = sip.addresses().createURI(order.nurseUri());
        String transport = transportOf(nurse);
        if (!sip.settings().hasTransport(transport)) {
            throw new SipException("the nurse's URI needs transport " + transport + ", which sip.json does not listen on");
        }
        CallIdHeader callId = sip.provider().getNewCallId();
        Call call = registry.open(callId.getCallId(), transport);
        if (call == null) {
            throw new SipException("a new Call-ID is in use already");
        }
        call.executor().execute(() -> start(call, order, nurse, callId, transport));
        return call.id();
    }

    private void start(Call call, Order order, URI nurseUri, CallIdHeader callId, String transport) {
        Attempt attempt = new Attempt(order);
        call.thirdParty(attempt);
        call.callback(order.grant());
        call.profile(order.profile());
        Leg nurse = call.relay();
        // relaybridge is the nurse's client: nothing is ever owed to her as a server (no final response to send)
        nurse.finalResponseSent(true);
        try {
            // a grant of a call that came without relay metadata has none to carry
            call.relaySession(order.grant().relayJson() == null ? null
                    : RelaySessionJson.fromJson(order.grant().relayJson()));
            String trunk = order.profile().callback().uriTemplate().replace("{number}", order.grant().personNumber())
                    .replace("{service}", order.grant().service());
            QueueSpec queue = QueueSpec.callbackTrunk("callback:" + order.profile().id(), "scheduled callback through "
                    + order.profile().id(), trunk);
            call.route(queue, List.of(order.nurseUri(), trunk), MAX_FORWARDS, FailoverPolicy.DEFAULT);
            Request invite = nurseInvite(call, order, nurseUri, callId, transport);
            requests.invite(nurse, invite, TxPurpose.THIRD_PARTY_INVITE);
            call.takeNextTarget();
            call.state(CallState.PROCEEDING);
            after(order.nurseRing(), call, () -> nurseRingOver(call));
            LOG.info(() -> call.id() + " scheduled callback " + order.callbackId() + ": calling the nurse");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " scheduled callback " + order.callbackId() + " could not call the nurse", e);
            nurse.released(true);
            end(call, "internal-error", null);
        }
    }

    private Request nurseInvite(Call call, Order order, URI nurseUri, CallIdHeader callId, String transport)
            throws ParseException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        SipURI fromUri = sip.addresses().createSipURI("callback", sip.settings().publicHost());
        Address fromAddress = sip.addresses().createAddress(fromUri);
        // the nurse's phone shows which relay and (masked) whom: she scheduled it, this reminds her of it
        fromAddress.setDisplayName(NumberMask.mask(QueueSpec.SWEDISH_DISPLAY_NAMES.getOrDefault(order.grant().service(),
                "{number}").replace("{number}", order.grant().personNumber())));
        FromHeader from = sip.headers().createFromHeader(fromAddress, Utils.getInstance().generateTag());
        ToHeader to = sip.headers().createToHeader(sip.addresses().createAddress((URI) nurseUri.clone()), null);
        ViaHeader via = sip.headers().createViaHeader(sip.settings().publicHost(), sip.settings().port(transport),
                transport, Utils.getInstance().generateBranchId());
        Request invite = sip.messages().createRequest((URI) nurseUri.clone(), Request.INVITE, callId,
                sip.headers().createCSeqHeader(1L, Request.INVITE), from, to, List.of(via),
                sip.headers().createMaxForwardsHeader(MAX_FORWARDS));
        invite.addHeader(messaging.contact(transport));
        invite.addHeader(sip.headers().createUserAgentHeader(List.of(Product.TOKEN)));
        invite.addHeader(sip.headers().createSupportedHeader(SessionTimers.TIMER));
        invite.addHeader(sip.headers().createHeader(SessionExpires.HEADER,
                String.valueOf(sessionTimers.policy().sessionExpires().toSeconds())));
        invite.addHeader(sip.headers().createHeader(SessionExpires.MIN_SE,
                String.valueOf(sessionTimers.policy().minSe().toSeconds())));
        RelayMetadataHeaders.add(invite, call.relaySession(), order.grant().callId());
        return invite;
    }

    void onResponse(TxTag tag, Response response) {
        Call call = tag.call();
        if (call.thirdParty() == null) {
            return;
        }
        if (tag.leg() == call.relay()) {
            onNurseResponse(call, tag.leg(), response);
        } else {
            onTrunkResponse(call, tag.leg(), response);
        }
    }

    private void onNurseResponse(Call call, Leg nurse, Response response) {
        Attempt attempt = call.thirdParty();
        int status = response.getStatusCode();
        if (status < 200) {
            if (!nurse.provisionalSeen()) {
                nurse.provisionalSeen(true);
                if (attempt.givenUp) {
                    requests.cancel(nurse);
                }
            }
            if (status > 100) {
                call.state(CallState.EARLY);
            }
        } else if (status < 300) {
            if (nurse.answered()) {
                requests.reack(nurse);
                return;
            }
            nurse.answer(response);
            byte[] offer = QueueInviteBuilder.sdpOf(response);
            if (attempt.givenUp || attempt.reported || offer == null) {
                ackRefusingAndBye(nurse);
                end(call, attempt.pendingOutcome != null ? attempt.pendingOutcome : "nurse-failed",
                        attempt.pendingStatus != null ? attempt.pendingStatus : status);
                return;
            }
            callTrunk(call, attempt, response, offer);
        } else {
            nurse.released(true);
            String outcome = attempt.givenUp ? "nurse-no-answer" : classify("nurse", status);
            end(call, outcome, status);
        }
    }

    private void callTrunk(Call call, Attempt attempt, Response nurseOk, byte[] offer) {
        SipContext sip = messaging.sip();
        String targetText = call.takeNextTarget();
        try {
            URI target = sip.addresses().createURI(targetText);
            String transport = transportOf(target);
            if (!sip.settings().hasTransport(transport)) {
                throw new SipException("the callback trunk needs transport " + transport + ", which sip.json does not listen on");
            }
            CallIdHeader callId = sip.provider().getNewCallId();
            Leg trunk = call.newQueueLeg(callId.getCallId(), transport);
            registry.bind(trunk);
            // the builder takes what crosses from an inbound INVITE: here that is our own INVITE with the nurse's offer
            Request template = (Request) call.relay().invite().clone();
            template.setContent(offer, (ContentTypeHeader) sip.headers().createHeader(ContentTypeHeader.NAME,
                    "application/sdp"));
            Request invite = inviteBuilder.build(call, template, call.profile(), target, callId, MAX_FORWARDS - 1,
                    transport);
            trunk.noteSdpSent(invite);
            requests.invite(trunk, invite, TxPurpose.THIRD_PARTY_INVITE);
            call.state(CallState.PROCEEDING);
            after(attempt.order.personRing(), call, () -> personRingOver(call, trunk));
            LOG.fine(() -> call.id() + " the nurse answered, calling the person through the relay");
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not call the relay's callback trunk", e);
            if (call.queue() != null) {
                call.queue().released(true);
            }
            ackRefusingAndBye(call.relay());
            end(call, "person-failed", null);
        }
    }

    private void onTrunkResponse(Call call, Leg trunk, Response response) {
        Attempt attempt = call.thirdParty();
        int status = response.getStatusCode();
        if (trunk != call.queue()) {
            return;
        }
        if (status < 200) {
            if (!trunk.provisionalSeen()) {
                trunk.provisionalSeen(true);
                if (attempt.givenUp) {
                    requests.cancel(trunk);
                }
            }
            reliable.prackIfReliable(trunk, response);
        } else if (status < 300) {
            if (trunk.answered()) {
                requests.reack(trunk);
                return;
            }
            trunk.answer(response);
            if (attempt.givenUp || attempt.reported || call.relay().released()) {
                ack(trunk, null);
                requests.bye(trunk);
                finishIfDone(call);
                return;
            }
            connect(call, trunk, response);
        } else {
            trunk.released(true);
            if (attempt.givenUp) {
                finishIfDone(call);
                return;
            }
            ackRefusingAndBye(call.relay());
            end(call, classify("person", status), status);
        }
    }

    private void connect(Call call, Leg trunk, Response trunkOk) {
        Leg nurse = call.relay();
        ack(trunk, null);
        ack(nurse, trunkOk);
        sessionTimers.onQueueAnswer(call, trunk, trunkOk);
        sessionTimers.onQueueAnswer(call, nurse, nurse.answer());
        call.state(CallState.ANSWERED);
        call.state(CallState.CONFIRMED);
        LOG.info(() -> call.id() + " scheduled callback " + call.thirdParty().order.callbackId() + " connected");
        report(call, CallbackAttempt.CONNECTED, trunkOk.getStatusCode());
    }

    void onTimeout(TxTag tag) {
        Call call = tag.call();
        Leg leg = tag.leg();
        if (call.thirdParty() == null || leg.released()) {
            return;
        }
        leg.released(true);
        if (leg == call.relay()) {
            end(call, "nurse-no-answer", null);
        } else if (leg == call.queue()) {
            ackRefusingAndBye(call.relay());
            end(call, "person-no-answer", null);
        }
    }

    /** An operator's hang-up: before the bridge stands this class knows the legs' state, after it CallSignaling. */
    boolean hangUp(Call call) {
        Attempt attempt = call.thirdParty();
        if (attempt == null || call.state() == CallState.CONFIRMED) {
            return false;
        }
        attempt.givenUp = true;
        stopRinging(call.relay());
        if (call.queue() != null) {
            stopRinging(call.queue());
            ackRefusingAndBye(call.relay());
        }
        end(call, "hung-up", null);
        return true;
    }

    private void nurseRingOver(Call call) {
        Leg nurse = call.relay();
        Attempt attempt = call.thirdParty();
        if (nurse.answered() || nurse.released() || attempt.reported) {
            return;
        }
        attempt.givenUp = true;
        attempt.pendingOutcome = "nurse-no-answer";
        if (stopRinging(nurse)) {
            end(call, "nurse-no-answer", null);
        }
        // else the 487 to the CANCEL ends the attempt
    }

    private void personRingOver(Call call, Leg trunk) {
        Attempt attempt = call.thirdParty();
        if (trunk.answered() || trunk.released() || attempt.reported) {
            return;
        }
        attempt.givenUp = true;
        stopRinging(trunk);
        ackRefusingAndBye(call.relay());
        end(call, "person-no-answer", null);
    }

    /** CANCEL after a provisional, else stop the INVITE's retransmissions (RFC 3261 §9.1); true when the leg is done. */
    private boolean stopRinging(Leg leg) {
        if (leg.released() || leg.answered()) {
            return leg.released();
        }
        if (leg.provisionalSeen()) {
            requests.cancel(leg);
            return false;
        }
        requests.silence(leg);
        return true;
    }

    /** The attempt is over: tell the scheduler, and let the call go once no leg needs anything more. */
    private void end(Call call, String outcome, Integer status) {
        call.outcome("failed:" + outcome);
        if (call.state() != CallState.ENDED) {
            call.state(CallState.ENDING);
        }
        report(call, outcome, status);
        finishIfDone(call);
    }

    private void report(Call call, String outcome, Integer status) {
        Attempt attempt = call.thirdParty();
        if (attempt.reported) {
            return;
        }
        attempt.reported = true;
        attempt.order.ended().accept(attempt.order.callbackId(),
                new CallbackAttempt(0, clock.instant(), outcome, status, call.id()));
    }

    private void finishIfDone(Call call) {
        if (call.finished()) {
            call.state(CallState.ENDED);
            registry.close(call);
        }
    }

    /**
     * The nurse's 200 OK carried an offer, so its ACK must carry an answer (RFC 3264): one that refuses every
     * stream (port 0), then a BYE. A leg not answered is left to its CANCEL or time-out.
     */
    private void ackRefusingAndBye(Leg nurse) {
        if (nurse.released() || !nurse.answered()) {
            return;
        }
        if (nurse.ack() == null) {
            byte[] offer = QueueInviteBuilder.sdpOf(nurse.answer());
            requests.ack(nurse, offer == null ? null : refusing(offer));
        }
        requests.bye(nurse);
    }

    static byte[] refusing(byte[] offer) {
        StringBuilder out = new StringBuilder();
        for (String line : new String(offer, StandardCharsets.UTF_8).split("\r?\n")) {
            if (line.startsWith("m=")) {
                String[] parts = line.split(" ", 3);
                line = parts.length == 3 ? parts[0] + " 0 " + parts[2] : line;
            }
            out.append(line).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void ack(Leg leg, Response bodyFrom) {
        requests.ack(leg, bodyFrom == null ? null : QueueInviteBuilder.sdpOf(bodyFrom));
    }

    private void after(Duration delay, Call call, Runnable action) {
        try {
            timers.schedule(() -> call.executor().execute(action), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("timers stopped: no ring timer");
        }
    }

    /** 486/600 busy, 603 declined; 408/480/487 no answer; anything else failed. */
    static String classify(String who, int status) {
        return who + switch (status) {
            case 486, 600, 603 -> "-busy";
            case 408, 480, 487 -> "-no-answer";
            default -> "-failed";
        };
    }

    private static String transportOf(URI target) {
        if (target instanceof SipURI sip && sip.getTransportParam() != null) {
            return sip.getTransportParam().toLowerCase(Locale.ROOT);
        }
        return target.getScheme().equalsIgnoreCase("sips") ? "tls" : "udp";
    }
}
