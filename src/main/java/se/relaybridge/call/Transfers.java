package se.relaybridge.call;

import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.TargetSelection;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Transfers the nurse side asks for with REFER (RFC 3515; blind, or attended with Replaces, RFC 3891). A relay
 * user must stay with the relay, so relaybridge carries the transfer out itself instead of passing the REFER on:
 * it calls the target with the relay's media and metadata, re-offers the relay leg the target's media, and only
 * then lets the nurse go (RFC 5589 §6: the transfer itself never removes the transferee). The relay leg is never
 * sent a REFER and never released by a transfer; a failed transfer leaves the call with the nurse.
 */
final class Transfers {

    private static final Logger LOG = Logger.getLogger(Transfers.class.getName());
    private static final String REFERRED_BY = "Referred-By";
    private static final String REPLACES = "Replaces";
    private static final int MAX_GLARE_RETRIES = 2;
    private static final long GLARE_WAIT_MILLIS = 2000;

    private final SipMessaging messaging;
    private final CallRegistry registry;
    private final QueueInviteBuilder inviteBuilder;
    private final Supplier<QueueDirectory> queues;
    private final TargetSelection health;
    private final ReferNotifier notifier;
    private final ReliableProvisionals reliable;
    private final SessionTimers sessionTimers;
    private final ScheduledExecutorService timers;
    private final CallTeardown teardown;
    private final LegRequests requests;

    Transfers(SipMessaging messaging, CallRegistry registry, Supplier<QueueDirectory> queues, TargetSelection health,
              ReliableProvisionals reliable, SessionTimers sessionTimers, ScheduledExecutorService timers,
              CallTeardown teardown, LegRequests requests) {
        this.messaging = messaging;
        this.registry = registry;
        this.inviteBuilder = new QueueInviteBuilder(messaging, sessionTimers.policy());
        this.queues = queues;
        this.health = health;
        this.notifier = new ReferNotifier(messaging);
        this.reliable = reliable;
        this.sessionTimers = sessionTimers;
        this.timers = timers;
        this.teardown = teardown;
        this.requests = requests;
    }

    void onRefer(Leg from, ServerTransaction transaction) {
        Call call = from.call();
        Request refer = transaction.getRequest();
        if (from.role() != LegRole.QUEUE || from != call.queue() || call.callback() != null) {
            // a relay (or the relay side of a callback) asking to leave would drop the person: refused
            reply(from, transaction, Response.FORBIDDEN, "Only the nurse side transfers");
            return;
        }
        if (call.state() != CallState.CONFIRMED || call.transfer() != null || offerPending(call)) {
            reply(from, transaction, Response.REQUEST_PENDING, "Call busy, try again");
            return;
        }
        TransferTarget target;
        try {
            target = TransferTarget.of(refer, queues.get(), messaging.sip().settings(), health::allInOrder);
        } catch (TransferTarget.Refused refused) {
            LOG.info(() -> call.id() + " transfer refused: " + refused.getMessage());
            reply(from, transaction, refused.status(), refused.getMessage());
            return;
        }
        long cseq = ((CSeqHeader) refer.getHeader(CSeqHeader.NAME)).getSeqNumber();
        Transfer transfer = new Transfer(from, refer, cseq, target);
        call.transfer(transfer);
        reply(from, transaction, Response.ACCEPTED, "Accepted");
        notifier.notify(transfer, Response.TRYING, "Trying");
        LOG.info(() -> call.id() + (target.replaces() == null ? " blind" : " attended") + " transfer to queue "
                + target.queue().id());
        try {
            place(call, transfer);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not call the transfer target", e);
            fail(call, transfer, Response.SERVICE_UNAVAILABLE, "Service Unavailable");
        }
    }

    private void place(Call call, Transfer transfer) throws ParseException, SipException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        TransferTarget target = transfer.destination();
        CallIdHeader callId = sip.provider().getNewCallId();
        Leg leg = call.newTransferLeg(callId.getCallId(), target.transport());
        transfer.target(leg);
        registry.bind(leg);
        byte[] sdp = SdpRewrite.flowing(transfer.referer().lastSdpSent());
        transfer.offered(sdp);
        Request invite = inviteBuilder.build(call, call.relay().invite(), call.profile(),
                target.queue(), target.uri(), callId, call.maxForwards(), target.transport(), sdp);
        if (target.replaces() != null) {
            invite.addHeader(sip.headers().createHeader(REPLACES, target.replaces()));
            // a target that cannot replace must refuse rather than ring beside the consultation call
            invite.addHeader(sip.headers().createRequireHeader("replaces"));
        }
        if (transfer.refer() != null) {
            MidDialogBridge.copyAll(transfer.refer(), invite, REFERRED_BY);
        }
        leg.noteSent(invite);
        requests.invite(leg, invite, TxPurpose.TRANSFER_INVITE);
        armSetupTimer(call, leg);
    }

    void onTargetResponse(TxTag tag, Response response) {
        Call call = tag.call();
        Leg leg = tag.leg();
        Transfer transfer = call.transfer();
        int status = response.getStatusCode();
        if (transfer == null || transfer.target() != leg) {
            teardown.releaseAbandonedAttempt(leg, status, response);
            return;
        }
        if (status < 200) {
            leg.provisionalSeen(true);
            reliable.prackIfReliable(leg, response);
        } else if (status < 300) {
            onTargetAnswer(call, transfer, leg, response);
        } else {
            leg.released(true);
            failOverOrFail(call, transfer, status, response.getReasonPhrase());
        }
    }

    /** As a queue call does: a target that timed out or failed with 5xx hands over to the queue's next target. */
    private void failOverOrFail(Call call, Transfer transfer, int status, String reason) {
        Optional<TransferTarget> next = queues.get().failover().failsOver(status)
                ? transfer.destination().next(messaging.sip().settings()) : Optional.empty();
        if (next.isEmpty()) {
            fail(call, transfer, status, reason);
            return;
        }
        LOG.info(() -> call.id() + " transfer target of queue " + transfer.destination().queue().id() + " failed with "
                + status + ", trying the next");
        transfer.destination(next.get());
        try {
            place(call, transfer);
        } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not call the next transfer target", e);
            fail(call, transfer, Response.SERVICE_UNAVAILABLE, "Service Unavailable");
        }
    }

    private void onTargetAnswer(Call call, Transfer transfer, Leg leg, Response response) {
        if (leg.answered()) {
            requests.reack(leg);
            return;
        }
        leg.answer(response);
        transfer.targetAnswer(response);
        requests.ack(leg, null);
        byte[] answer = QueueInviteBuilder.sdpOf(response);
        if (answer == null) {
            teardown.release(leg);
            fail(call, transfer, Response.NOT_ACCEPTABLE_HERE, "Not Acceptable Here");
            return;
        }
        try {
            transfer.relaySdpBefore(call.relay().lastSdpSent());
            transfer.relayOffer(SdpRewrite.continuing(call.relay().lastSdpSent(), answer));
            reoffer(call, call.relay(), transfer.relayOffer());
        } catch (SipException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not re-offer the relay leg", e);
            teardown.release(leg);
            fail(call, transfer, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
        }
    }

    /** A re-INVITE of relaybridge's own, giving a leg's peer the media of its new other side. */
    private void reoffer(Call call, Leg leg, byte[] sdp) throws SipException, ParseException {
        Request reinvite = leg.dialog().createRequest(Request.INVITE);
        ContentTypeHeader type = messaging.sip().headers().createContentTypeHeader("application", "sdp");
        reinvite.setContent(sdp, type);
        reinvite.setHeader(messaging.contact(leg.transport()));
        reinvite.setHeader(messaging.sip().headers().createUserAgentHeader(List.of(Product.TOKEN)));
        leg.noteSent(reinvite);
        ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(reinvite);
        transaction.setApplicationData(new TxTag(call, leg, TxPurpose.REOFFER));
        leg.midDialogInviteOut(true);
        SipMessaging.sendReinvite(leg.dialog(), transaction);
    }

    void onReofferResponse(TxTag tag, Response response) {
        Call call = tag.call();
        Leg leg = tag.leg();
        int status = response.getStatusCode();
        if (status < 200) {
            return;
        }
        leg.midDialogInviteOut(false);
        if (status < 300) {
            SipMessaging.ackOwnReinvite(leg, response, "relaybridge's re-INVITE");
            sessionTimers.refreshed(leg);
        }
        Transfer transfer = call.transfer();
        if (leg != call.relay() || transfer == null) {
            return; // a target brought up to date after its transfer, or a call that ended meanwhile
        }
        if (status == Response.REQUEST_PENDING && transfer.relayGlared() <= MAX_GLARE_RETRIES) {
            // the relay's own re-INVITE crossed ours (RFC 3261 §14.1): the relay owns that dialog's Call-ID, so
            // relaybridge tries again after 0-2 s, before the relay's 2.1-4 s, and the transfer goes through
            retryReoffer(call, transfer, ThreadLocalRandom.current().nextLong(GLARE_WAIT_MILLIS + 1));
            return;
        }
        if (status >= 300) {
            // the relay kept its media with the nurse: the target goes, the nurse stays
            leg.restoreSdpSent(transfer.relaySdpBefore());
            teardown.release(transfer.target());
            fail(call, transfer, status, response.getReasonPhrase());
            return;
        }
        complete(call, transfer, QueueInviteBuilder.sdpOf(response));
    }

    private void retryReoffer(Call call, Transfer transfer, long delayMillis) {
        try {
            timers.schedule(() -> call.executor().execute(() -> {
                if (call.transfer() != transfer) {
                    return; // the call ended, or the transfer with it, while relaybridge waited
                }
                try {
                    reoffer(call, call.relay(), transfer.relayOffer());
                } catch (SipException | ParseException | RuntimeException e) {
                    LOG.log(Level.WARNING, call.id() + " could not re-offer the relay leg again", e);
                    teardown.release(transfer.target());
                    fail(call, transfer, Response.SERVER_INTERNAL_ERROR, "Server Internal Error");
                }
            }), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("timers stopped: no re-offer");
        }
    }

    private void complete(Call call, Transfer transfer, byte[] relayAnswer) {
        Leg target = transfer.target();
        Leg nurse = transfer.referer();
        call.transfer(null);
        call.transferredTo(target, transfer.destination().queue(), transfer.destination().uri().toString());
        sessionTimers.onQueueAnswer(call, target, transfer.targetAnswer());
        if (!notifier.notifySucceeded(transfer)) {
            teardown.release(nurse);
        }
        LOG.info(() -> call.id() + " transferred to queue " + transfer.destination().queue().id());
        if (relayAnswer != null && !SdpRewrite.sameMedia(relayAnswer, transfer.offered())) {
            // the relay answered with other media than the target was offered: the target must learn it
            try {
                reoffer(call, target, SdpRewrite.continuing(target.lastSdpSent(), relayAnswer));
            } catch (SipException | ParseException | RuntimeException e) {
                LOG.log(Level.WARNING, call.id() + " could not bring the transfer target's media up to date", e);
            }
        }
    }

    void onTargetTimeout(TxTag tag) {
        Call call = tag.call();
        Leg leg = tag.leg();
        leg.released(true);
        Transfer transfer = call.transfer();
        if (transfer != null && transfer.target() == leg) {
            failOverOrFail(call, transfer, Response.REQUEST_TIMEOUT, "Request Timeout");
        }
    }

    void onReofferTimeout(TxTag tag) {
        Call call = tag.call();
        Leg leg = tag.leg();
        leg.midDialogInviteOut(false);
        Transfer transfer = call.transfer();
        if (leg == call.relay() && transfer != null) {
            leg.restoreSdpSent(transfer.relaySdpBefore());
            teardown.release(transfer.target());
            fail(call, transfer, Response.REQUEST_TIMEOUT, "Request Timeout");
        }
    }

    /** The call is ending for another reason: a transfer under way ends with it. */
    void abandon(Call call) {
        Transfer transfer = call.transfer();
        if (transfer == null) {
            return;
        }
        call.transfer(null);
        if (transfer.target() != null) {
            teardown.release(transfer.target());
        }
    }

    /** The target hung up before the relay took its media: the transfer has failed. */
    void onTargetGone(Call call, Transfer transfer) {
        fail(call, transfer, Response.REQUEST_TERMINATED, "Request Terminated");
    }

    private void fail(Call call, Transfer transfer, int status, String reason) {
        call.transfer(null);
        boolean nurseStayed = !transfer.referer().released();
        LOG.info(() -> call.id() + " transfer to queue " + transfer.destination().queue().id() + " failed with "
                + status + (nurseStayed ? "; the call stays with the nurse" : " after the nurse hung up"));
        if (nurseStayed) {
            notifier.notify(transfer, status, reason == null ? "" : reason);
        } else if (!transfer.isBack() && call.queueSpec() != null) {
            backToQueue(call, transfer, status);
        } else {
            teardown.endCall(call, "failed:transfer:" + status);
        }
    }

    /**
     * The nurse left as soon as she had handed the call on, and the handing on failed: rather than drop the person,
     * the call goes back to the queue it came from, to the next free nurse.
     */
    private void backToQueue(Call call, Transfer failed, int status) {
        try {
            Transfer back = failed.back(TransferTarget.queue(call.queueSpec(), messaging.sip().settings(), health::allInOrder));
            call.transfer(back);
            LOG.info(() -> call.id() + " goes back to queue " + call.queueId() + " after its transfer failed");
            place(call, back);
        } catch (TransferTarget.Refused | ParseException | SipException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not take the call back to its queue", e);
            call.transfer(null);
            teardown.endCall(call, "failed:transfer:" + status);
        }
    }

    private void armSetupTimer(Call call, Leg leg) {
        try {
            timers.schedule(() -> call.executor().execute(() -> onSetupTimeout(call, leg)),
                    queues.get().failover().setupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("timers stopped: no setup timer");
        }
    }

    private void onSetupTimeout(Call call, Leg leg) {
        Transfer transfer = call.transfer();
        if (transfer == null || transfer.target() != leg || leg.released() || leg.provisionalSeen() || leg.answered()) {
            return;
        }
        requests.silence(leg);
        failOverOrFail(call, transfer, Response.REQUEST_TIMEOUT, "Request Timeout");
    }

    /** Whether an offer is in flight on either leg: a transfer started now would cross it. */
    private static boolean offerPending(Call call) {
        for (Leg leg : List.of(call.relay(), call.queue())) {
            if (leg.midDialogInviteIn() != null || leg.midDialogInviteOut()) {
                return true;
            }
        }
        return false;
    }

    private void reply(Leg from, ServerTransaction transaction, int status, String reason) {
        try {
            Response response = messaging.sip().messages().createResponse(status, transaction.getRequest());
            response.setReasonPhrase(reason);
            if (status / 100 == 2) {
                response.setHeader(messaging.contact(from.transport()));
            }
            response.setHeader(messaging.sip().headers().createServerHeader(List.of(Product.TOKEN)));
            messaging.send(transaction, response);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, "could not build " + status, e);
        }
    }
}
