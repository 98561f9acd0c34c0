package se.relaybridge.call;

import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a call's legs are let go and when the call is over, for every flow (signalling, transfers, session timers): a
 * leg is ended in whatever way its state allows, and the call leaves the registry once all its legs are released.
 * A feature with state of its own that must end with the call (a transfer in progress) plugs into
 * {@link #onEnding}. Runs on the call's executor only.
 */
final class CallTeardown {

    private static final Logger LOG = Logger.getLogger(CallTeardown.class.getName());

    private final SipMessaging messaging;
    private final LegRequests requests;
    private final CallRegistry registry;
    private final List<Consumer<Call>> ending = new CopyOnWriteArrayList<>();

    CallTeardown(SipMessaging messaging, LegRequests requests, CallRegistry registry) {
        this.messaging = messaging;
        this.requests = requests;
        this.registry = registry;
    }

    /** Told when a call is ended for a reason of relaybridge's own, before its legs are released. */
    void onEnding(Consumer<Call> hook) {
        ending.add(hook);
    }

    /** Ends both legs of a call for a reason of relaybridge's own (session timer, no ACK, a failed transfer). */
    void endCall(Call call, String outcome) {
        call.outcome(outcome);
        call.state(CallState.ENDING);
        ending.forEach(hook -> hook.accept(call));
        release(call.relay());
        release(call.queue());
        finishIfDone(call);
    }

    /** Ends one leg in whatever way its state allows; the leg counts as released once that is done. */
    void release(Leg leg) {
        if (leg == null || leg.released()) {
            return;
        }
        if (leg.role() == LegRole.QUEUE) {
            if (leg.answered()) {
                if (leg.ack() == null) {
                    requests.ack(leg, null);
                }
                requests.bye(leg);
            } else if (leg.provisionalSeen()) {
                requests.cancel(leg);
            } else {
                leg.call().cancelPending(true);
            }
        } else if (leg.answered()) {
            requests.bye(leg);
        } else {
            if (!leg.finalResponseSent()) {
                sendFinalToRelay(leg, Response.REQUEST_TERMINATED);
            }
            leg.released(true);
        }
    }

    /** A late response from an attempt already given up: end whatever it started. */
    void releaseAbandonedAttempt(Leg leg, int status, Response response) {
        if (status > 100 && status < 200 && !leg.provisionalSeen()) {
            leg.provisionalSeen(true);
            requests.cancel(leg);
        } else if (status >= 200 && status < 300 && !leg.answered()) {
            leg.answer(response);
            leg.released(false);
            release(leg);
        } else if (status >= 300) {
            leg.released(true);
        }
    }

    /** The relay's INVITE gets its final {@code status}; its leg is over. */
    void sendFinalToRelay(Leg relay, int status) {
        try {
            messaging.send(relay.inviteServer(), messaging.relayResponse(relay, status));
        } catch (ParseException e) {
            LOG.log(Level.WARNING, relay.call().id() + " could not build " + status, e);
        }
        relay.finalResponseSent(true);
        relay.released(true);
    }

    /** The call leaves relaybridge once every leg is released. */
    void finishIfDone(Call call) {
        if (call.finished()) {
            call.state(CallState.ENDED);
            registry.close(call);
        }
    }
}
