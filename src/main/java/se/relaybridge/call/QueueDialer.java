package se.relaybridge.call;

import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.TargetSelection;
import se.relaybridge.sip.SipContext;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Places the queue leg of a call, one target after the other: the queue's targets in configured order, those
 * health knows to be down skipped (see {@link TargetSelection}). Each attempt is a new dialog, and each gets a setup
 * timer.
 */
final class QueueDialer {

    private static final Logger LOG = Logger.getLogger(QueueDialer.class.getName());

    private final SipMessaging messaging;
    private final QueueInviteBuilder inviteBuilder;
    private final LegRequests requests;
    private final CallRegistry registry;
    private final Supplier<QueueDirectory> queues;
    private final CallRouter router;
    private final CallbackMinter callbacks;
    private final TargetSelection health;
    private final ScheduledExecutorService timers;
    private BiConsumer<Call, Leg> onSetupTimeout = (call, leg) -> { };

    QueueDialer(SipMessaging messaging, LegRequests requests, CallRegistry registry, Supplier<QueueDirectory> queues,
                CallRouter router, CallbackMinter callbacks, TargetSelection health, ScheduledExecutorService timers,
                SessionTimerPolicy sessionTimerPolicy) {
        this.messaging = messaging;
        this.inviteBuilder = new QueueInviteBuilder(messaging, sessionTimerPolicy);
        this.requests = requests;
        this.registry = registry;
        this.queues = queues;
        this.router = router;
        this.callbacks = callbacks;
        this.health = health;
        this.timers = timers;
    }

    /** What runs, on the call's executor, when an attempt had no response at all within the setup timeout. */
    void onSetupTimeout(BiConsumer<Call, Leg> handler) {
        this.onSetupTimeout = handler;
    }

    /** Chooses the queue and places the first attempt; false when no target could even be tried. */
    boolean dialFirst(Call call, int maxForwards) {
        QueueDirectory directory = queues.get();
        QueueSpec queue = router.route(call, call.relay().invite());
        callbacks.mint(call);
        call.route(queue, health.toTry(queue.targets(), directory.failover()), maxForwards, directory.failover());
        call.targetsFromHealth(true);
        return dialNext(call);
    }

    /**
     * A nurse's callback: one target, the relay's callback trunk. Its queue spec asks for no presentation: the relay
     * gets the SDP and which relay call it is, nothing more.
     */
    boolean dialCallback(Call call, String target, int maxForwards) {
        QueueSpec trunk = QueueSpec.callbackTrunk("callback:" + call.profile().id(), "callback trunk of " + call.profile().id(),
                target);
        call.route(trunk, List.of(target), maxForwards, queues.get().failover());
        return dialNext(call);
    }

    /** Places the next attempt; false when every target has been tried. */
    boolean dialNext(Call call) {
        while (call.hasNextTarget()) {
            String target = call.takeNextTarget();
            try {
                place(call, target);
                return true;
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                LOG.log(Level.WARNING, call.id() + " could not call queue target " + target, e);
                if (call.targetsFromHealth()) {
                    health.failed(target, "cannot send: " + e.getClass().getSimpleName());
                }
            }
        }
        return false;
    }

    private void place(Call call, String targetText) throws ParseException, SipException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        URI target = sip.addresses().createURI(targetText);
        String transport = transportOf(target);
        if (!sip.settings().hasTransport(transport)) {
            throw new SipException("queue target " + targetText + " needs transport " + transport
                    + ", which sip.json does not listen on");
        }
        CallIdHeader callId = sip.provider().getNewCallId();
        Leg leg = call.newQueueLeg(callId.getCallId(), transport);
        registry.bind(leg);
        Request invite = inviteBuilder.build(call, call.relay().invite(), call.profile(), target,
                callId, call.maxForwards(), transport);
        leg.noteSdpSent(call.relay().invite());
        requests.invite(leg, invite, TxPurpose.FORWARD_INVITE);
        call.state(CallState.PROCEEDING);
        armSetupTimer(call, leg);
        LOG.fine(() -> call.id() + " -> queue " + call.queueId() + " attempt " + call.targetsTried().size());
    }

    private void armSetupTimer(Call call, Leg leg) {
        try {
            timers.schedule(() -> call.executor().execute(() -> onSetupTimeout.accept(call, leg)),
                    call.failover().setupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("timers stopped: no setup timer");
        }
    }

    private static String transportOf(URI target) {
        if (target instanceof SipURI sip && sip.getTransportParam() != null) {
            return sip.getTransportParam().toLowerCase(Locale.ROOT);
        }
        return "udp";
    }
}
