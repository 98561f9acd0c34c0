package se.relaybridge.call;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.Optional;
import se.relaybridge.routing.TargetSelection;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that happens to an admitted call: answers from the queue, the relay's ACK, hang-ups from either
 * side, CANCEL, and time-outs. Runs on the call's serial executor only.
 */
final class CallSignaling {

    private static final Logger LOG = Logger.getLogger(CallSignaling.class.getName());

    private final SipMessaging messaging;
    private final CallTeardown teardown;
    private final MidDialogBridge bridge;
    private final QueueDialer dialer;
    private final SessionTimers sessionTimers;
    private final ReliableProvisionals reliable;
    private final InterpreterHandover handover;
    private final Transfers transfers;
    private final LegRequests requests;
    private final DurableAnswer durableAnswer;
    private final TargetSelection health;

    CallSignaling(SipMessaging messaging, QueueDialer dialer, CallTeardown teardown, LegRequests requests,
                  SessionTimers sessionTimers, ReliableProvisionals reliable, Transfers transfers, TargetSelection health,
                  DurableAnswer durableAnswer) {
        this.messaging = messaging;
        this.durableAnswer = durableAnswer;
        this.dialer = dialer;
        this.health = health;
        this.teardown = teardown;
        this.requests = requests;
        this.sessionTimers = sessionTimers;
        this.transfers = transfers;
        this.bridge = new MidDialogBridge(messaging, sessionTimers);
        this.reliable = reliable;
        this.handover = new InterpreterHandover(messaging);
        dialer.onSetupTimeout(this::onSetupTimeout);
    }

    LegRequests requests() {
        return requests;
    }

    SessionTimers sessionTimers() {
        return sessionTimers;
    }

    /** Ends both legs of a call for a reason of relaybridge's own (session timer, no ACK). */
    void endCall(Call call, String outcome) {
        teardown.endCall(call, outcome);
    }

    /**
     * Ends a call because relaybridge stops: an answered call gets BYE on both legs; a relay still waiting for its
     * answer gets {@code 503} with {@code Retry-After}, so that it can try again (another node, or this one once it
     * is back), and the queue attempt is cancelled.
     */
    void endForStop(Call call) {
        if (call.state() == CallState.ENDED) {
            return;
        }
        Leg relay = call.relay();
        boolean answered = relay.answered();
        if (!relay.finalResponseSent()) {
            try {
                Response unavailable = messaging.relayResponse(relay, Response.SERVICE_UNAVAILABLE);
                unavailable.setHeader(messaging.sip().headers().createRetryAfterHeader(
                        B2buaListener.STOPPING_RETRY_AFTER_SECONDS));
                messaging.send(relay.inviteServer(), unavailable);
            } catch (ParseException | InvalidArgumentException e) {
                LOG.log(Level.WARNING, call.id() + " could not build 503", e);
            }
            relay.finalResponseSent(true);
            relay.released(true);
        }
        endCall(call, answered ? "completed:shutdown" : "failed:shutdown");
    }

    /** Gives up on the legs of a call that did not answer in time; the call leaves with {@code outcome}. */
    void abandon(Call call, String outcome) {
        if (call.state() == CallState.ENDED) {
            return;
        }
        call.outcome(outcome);
        for (Leg leg : call.legs()) {
            leg.released(true);
        }
        finishIfDone(call);
    }

    void onResponse(TxTag tag, Response response) {
        switch (tag.purpose()) {
            case FORWARD_INVITE -> onQueueInviteResponse(tag.call(), tag.leg(), response);
            case BYE -> {
                tag.leg().released(true);
                finishIfDone(tag.call());
            }
            case CANCEL -> { /* the INVITE's own final response ends the leg */ }
            case MID_DIALOG -> bridge.onResponse(tag, response);
            case REFRESH -> sessionTimers.onRefreshResponse(tag, response);
            case TRANSFER_INVITE -> transfers.onTargetResponse(tag, response);
            case REOFFER -> transfers.onReofferResponse(tag, response);
            case FINAL_NOTIFY -> {
                if (response.getStatusCode() >= 200) {
                    releaseHandedOver(tag);
                }
            }
            case PRACK, METADATA, NOTIFY -> { /* their answers change nothing */ }
        }
    }

    private void onQueueInviteResponse(Call call, Leg queue, Response response) {
        int status = response.getStatusCode();
        if (queue != call.queue()) {
            teardown.releaseAbandonedAttempt(queue, status, response);
            return;
        }
        Leg relay = call.relay();
        if (!call.failover().failsOver(status) && call.targetsFromHealth()) {
            health.answeredCall(last(call), status);
        }
        if (status < 200) {
            queue.provisionalSeen(true);
            reliable.prackIfReliable(queue, response);
            if (call.cancelPending()) {
                requests.cancel(queue);
            } else if (status > 100 && !relay.finalResponseSent()) {
                if (!reliable.toRelay(relay, response)) {
                    forwardToRelay(relay, response);
                }
                call.state(CallState.EARLY);
            }
        } else if (status < 300) {
            onQueueAnswer(call, queue, response);
        } else {
            queue.released(true);
            onQueueAttemptFailed(call, status);
        }
    }

    /** The current attempt failed with {@code status}: next target, or the relay hears why. */
    private void onQueueAttemptFailed(Call call, int status) {
        Leg relay = call.relay();
        if (!relay.finalResponseSent()) {
            if (call.failover().failsOver(status)) {
                LOG.info(() -> call.id() + " queue target " + last(call) + " failed with " + status + ", trying the next");
                if (call.targetsFromHealth()) {
                    if (status == Response.REQUEST_TIMEOUT) {
                        health.timedOut(last(call), "call 408 or no answer", call.failover().setupTimeout());
                    } else {
                        health.failed(last(call), "call " + status);
                    }
                }
                if (dialer.dialNext(call)) {
                    return;
                }
                noQueueTargetLeft(call);
                return;
            }
            int mapped = FinalResponseMapper.relayStatus(status);
            sendFinalToRelay(relay, mapped);
            call.outcome("failed:" + status);
            LOG.fine(() -> call.id() + " queue answered " + status + ", relay gets " + mapped);
        }
        finishIfDone(call);
    }

    /** Every target failed or none could be tried: 503 with Retry-After, so the relay may try again later. */
    void noQueueTargetLeft(Call call) {
        Leg relay = call.relay();
        if (!relay.finalResponseSent()) {
            try {
                Response response = messaging.relayResponse(relay, Response.SERVICE_UNAVAILABLE);
                response.setHeader(messaging.sip().headers().createRetryAfterHeader(
                        (int) call.failover().retryAfter().toSeconds()));
                messaging.send(relay.inviteServer(), response);
            } catch (ParseException | InvalidArgumentException e) {
                LOG.log(Level.WARNING, call.id() + " could not build 503", e);
            }
            relay.finalResponseSent(true);
            relay.released(true);
            call.outcome("failed:no-queue-target");
            if (call.targetsTried().isEmpty()) {
                // health knew every target to be down: one line per call would flood the log; CallLog has the call
                LOG.fine(() -> call.id() + " every target of queue " + call.queueId() + " is known to be down: 503 at once");
            } else {
                LOG.warning(() -> call.id() + " no queue target answered: " + call.targetsTried().size() + " tried");
            }
        }
        if (call.queue() != null) {
            call.queue().released(true);
        }
        finishIfDone(call);
    }

    /** The attempt got no response at all in time: give up on it and try the next target. */
    private void onSetupTimeout(Call call, Leg leg) {
        if (leg != call.queue() || leg.released() || leg.provisionalSeen() || leg.answered()
                || call.relay().finalResponseSent()) {
            return;
        }
        requests.silence(leg);
        onQueueAttemptFailed(call, Response.REQUEST_TIMEOUT);
    }

    private static String last(Call call) {
        return call.targetsTried().isEmpty() ? "-" : call.targetsTried().get(call.targetsTried().size() - 1);
    }

    private void onQueueAnswer(Call call, Leg queue, Response response) {
        if (queue.answered()) {
            requests.reack(queue);
            return;
        }
        queue.answer(response);
        Leg relay = call.relay();
        if (relay.finalResponseSent() || call.cancelPending()) {
            // the relay went away while the queue was answering: the queue's dialog must still be ended
            call.cancelPending(false);
            release(queue);
            finishIfDone(call);
            return;
        }
        sessionTimers.onQueueAnswer(call, queue, response);
        if (reliable.mustHoldAnswer(relay)) {
            relay.heldAnswer(response);
            return;
        }
        answerRelay(call, response);
    }

    /** The relay hears the answer only once the answered call is durable (docs/availability.md). */
    private void answerRelay(Call call, Response response) {
        call.queueAnswered();
        durableAnswer.then(call, () -> sendAnswer(call, response));
    }

    private void sendAnswer(Call call, Response response) {
        Leg relay = call.relay();
        if (relay.finalResponseSent() || relay.released()) {
            return; // the relay cancelled, or the nurse hung up, while the answer was being stored
        }
        Response ok = forwardToRelay(relay, response);
        if (ok != null) {
            relay.finalResponseSent(true);
            relay.answer(ok);
            call.state(CallState.ANSWERED);
            LOG.fine(() -> call.id() + " answered");
        }
    }

    /** A 2xx retransmitted by the queue after its INVITE transaction ended. */
    void onRetransmittedAnswer(Leg queue) {
        requests.reack(queue);
    }

    void onAck(Leg leg, Request ack) {
        Call call = leg.call();
        if (leg.role() == LegRole.RELAY && call.state() == CallState.ANSWERED) {
            if (requests.ack(call.queue(), QueueInviteBuilder.sdpOf(ack))) {
                call.state(CallState.CONFIRMED);
                leg.releaseInviteTransaction();
                call.queue().releaseInviteTransaction();
            }
            return;
        }
        bridge.onAck(leg, ack);
    }

    void onBye(Leg from, ServerTransaction transaction) {
        Call call = from.call();
        messaging.reply(transaction, Response.OK);
        if (from != call.relay() && from.released()) {
            return; // a nurse leg relaybridge has already let go of (transfer done, our BYE crossed hers)
        }
        from.released(true);
        if (endsOnlyItsLeg(call, from)) {
            finishIfDone(call);
            return;
        }
        call.outcome("completed:" + (from.role() == LegRole.RELAY ? "relay" : "queue") + "-hangup");
        call.state(CallState.ENDING);
        LOG.fine(() -> call.id() + " hung up by " + from.role().name().toLowerCase());
        transfers.abandon(call);
        release(call.other(from));
        finishIfDone(call);
    }

    /**
     * The leg's peer sent a BYE the stack refused as out of order ({@code 500}, RFC 3261 §12.2.2). The peer has
     * stopped its media when it sent it (RFC 3261 §15.1.1), so its leg gets relaybridge's own BYE, in order, which
     * ends that dialog on both sides, and the call ends as if the BYE had been taken.
     */
    void onRefusedBye(Leg from) {
        Call call = from.call();
        if (from.released() || call.state() == CallState.ENDED) {
            return; // a retransmission of that BYE, or the call already ending
        }
        LOG.info(() -> call.id() + " " + from.role().name().toLowerCase(Locale.ROOT)
                + " sent a BYE out of order (refused 500): ending the call on both legs");
        if (endsOnlyItsLeg(call, from)) {
            release(from);
            finishIfDone(call);
            return;
        }
        call.outcome("completed:" + (from.role() == LegRole.RELAY ? "relay" : "queue") + "-hangup");
        call.state(CallState.ENDING);
        transfers.abandon(call);
        release(from);
        release(call.other(from));
        finishIfDone(call);
    }

    /**
     * A BYE that must not end the call: from a nurse leg no longer current, from the nurse who asked for a transfer
     * still under way (the transfer goes on: RFC 5589 lets the transferor leave), or from the transfer target
     * before the relay took its media (then the transfer has failed).
     */
    private boolean endsOnlyItsLeg(Call call, Leg from) {
        Transfer transfer = call.transfer();
        if (transfer != null && from == transfer.target()) {
            transfers.onTargetGone(call, transfer);
            return true;
        }
        if (transfer != null && from == transfer.referer()) {
            LOG.fine(() -> call.id() + " the nurse hung up during the transfer; it goes on");
            return true;
        }
        return from != call.relay() && from != call.queue();
    }

    void onCancel(Leg relay, ServerTransaction cancel) {
        Call call = relay.call();
        messaging.reply(cancel, Response.OK);
        if (relay.finalResponseSent()) {
            return;
        }
        sendFinalToRelay(relay, Response.REQUEST_TERMINATED);
        call.outcome("cancelled:relay");
        call.state(CallState.ENDING);
        LOG.fine(() -> call.id() + " cancelled by the relay");
        release(call.queue());
        finishIfDone(call);
    }

    /**
     * Requests inside a dialog other than BYE: re-INVITE, UPDATE and INFO cross to the other leg; an OPTIONS
     * is answered on its own hop; anything else (REFER, SUBSCRIBE, MESSAGE…) is refused on its own hop.
     */
    void onInDialogRequest(Leg leg, ServerTransaction transaction) {
        String method = transaction.getRequest().getMethod();
        Call call = leg.call();
        if (leg != call.relay() && leg != call.queue()) {
            // a transfer target not yet connected, or a nurse leg already handed over: nothing to bridge to
            boolean pending = call.transfer() != null && call.transfer().target() == leg;
            messaging.reply(transaction, pending ? Response.REQUEST_PENDING : Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        if (Request.REFER.equals(method)) {
            transfers.onRefer(leg, transaction);
            return;
        }
        Optional<String> newInterpreter = handover.changedInterpreter(leg, transaction.getRequest());
        byte[] body = transaction.getRequest().getRawContent();
        if (newInterpreter.isPresent() && Request.INFO.equals(method) && (body == null || body.length == 0)) {
            // an INFO that only announces the new interpreter is answered here; the queue gets relaybridge's own
            messaging.reply(transaction, Response.OK);
            handover.announce(leg.call(), newInterpreter.get());
            return;
        }
        newInterpreter.ifPresent(id -> handover.announce(leg.call(), id));
        if (Request.PRACK.equals(method) && leg.role() == LegRole.RELAY) {
            reliable.onPrack(leg, transaction);
            Response held = leg.heldAnswer();
            if (held != null && !leg.finalResponseSent()) {
                leg.heldAnswer(null);
                answerRelay(leg.call(), held);
            }
        } else if (MidDialogBridge.BRIDGED.contains(method)) {
            bridge.onRequest(leg, transaction);
        } else if (Request.OPTIONS.equals(method)) {
            messaging.reply(transaction, leg.released() ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK);
        } else {
            messaging.reply(transaction, Response.NOT_IMPLEMENTED);
        }
    }

    void onTimeout(TxTag tag) {
        Call call = tag.call();
        Leg leg = tag.leg();
        switch (tag.purpose()) {
            case FORWARD_INVITE -> {
                boolean current = leg == call.queue() && !leg.released();
                leg.released(true);
                if (current) {
                    onQueueAttemptFailed(call, Response.REQUEST_TIMEOUT);
                    return;
                }
            }
            case BYE -> leg.released(true);
            case CANCEL -> { /* the INVITE transaction times out on its own */ }
            case MID_DIALOG -> bridge.onTimeout(tag);
            case REFRESH -> {
                sessionTimers.onRefreshTimeout(tag);
                return;
            }
            case PRACK -> { /* a lost PRACK leaves the queue to retransmit its 18x, which is PRACKed again */ }
            case METADATA -> { /* a lost metadata INFO is not worth ending a call for */ }
            case TRANSFER_INVITE -> transfers.onTargetTimeout(tag);
            case REOFFER -> transfers.onReofferTimeout(tag);
            case NOTIFY -> { /* the nurse's phone has gone: its leg ends by BYE or session timer */ }
            case FINAL_NOTIFY -> releaseHandedOver(tag);
        }
        finishIfDone(call);
    }

    /** The relay never acknowledged our 2xx: the call cannot go on, end both legs. */
    void onDialogTimeout(Leg leg) {
        endCall(leg.call(), "failed:no-ack");
    }

    private Response forwardToRelay(Leg relay, Response fromQueue) {
        try {
            Response response = messaging.relayResponse(relay, fromQueue.getStatusCode());
            response.setReasonPhrase(fromQueue.getReasonPhrase());
            SipMessaging.copyBody(fromQueue, response);
            if (relay.call().callback() != null && fromQueue.getStatusCode() < 300) {
                // a nurse calling back sees at once whom, through which relay: the original call's metadata
                RelayMetadataHeaders.add(response, relay.call().relaySession(),
                        relay.call().callback().callId());
            }
            if (fromQueue.getStatusCode() / 100 == 2) {
                sessionTimers.onRelayAnswer(relay.call(), relay, response);
            }
            relay.noteSent(response);
            return messaging.send(relay.inviteServer(), response) ? response : null;
        } catch (ParseException | InvalidArgumentException e) {
            LOG.log(Level.WARNING, relay.call().id() + " could not relay " + fromQueue.getStatusCode(), e);
            return null;
        }
    }

    void finishIfDone(Call call) {
        teardown.finishIfDone(call);
    }

    /** The nurse who handed the call on has heard it went through (or will not answer): her leg ends. */
    private void releaseHandedOver(TxTag tag) {
        release(tag.leg());
        finishIfDone(tag.call());
    }

    private void release(Leg leg) {
        teardown.release(leg);
    }

    private void sendFinalToRelay(Leg relay, int status) {
        teardown.sendFinalToRelay(relay, status);
    }
}
