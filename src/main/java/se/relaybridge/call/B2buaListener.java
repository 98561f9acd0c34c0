package se.relaybridge.call;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipListenerExt;
import se.relaybridge.sip.RefusedByeListener;
import se.relaybridge.sip.UnknownDialogListener;
import se.relaybridge.sip.Rejection;
import se.relaybridge.sip.ScreenedRequest;
import se.relaybridge.sip.SipContext;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SIP stack's listener. On the stack's thread it only classifies the event, creates the server
 * transaction (so retransmissions are absorbed at once) and hands the event to the owning call's serial
 * executor; nothing here blocks.
 */
public final class B2buaListener implements SipListenerExt, RefusedByeListener, UnknownDialogListener {

    private static final Logger LOG = Logger.getLogger(B2buaListener.class.getName());
    /** A stopping node is back (a restart) or replaced (a cluster) in about this time. */
    static final int STOPPING_RETRY_AFTER_SECONDS = 15;

    private final SipContext sip;
    private final CallRegistry registry;
    private final Executor pool;
    private final SipMessaging messaging;
    private final CallAdmission admission;
    private final CallSignaling signaling;
    private final OutOfDialogResponder outOfDialog;
    private final TargetPinger pinger;
    private final ThirdPartyCallback thirdParty;
    private volatile boolean refusingNewCalls;
    private final RequestScreen screen;
    private final SipEdge edge;
    private final CallAdoption adoption;

    /** Built by the composition root ({@link B2bua}), which made every part it hands events to. */
    B2buaListener(SipContext sip, CallRegistry registry, Executor pool, SipMessaging messaging, CallAdmission admission,
                  CallSignaling signaling, TargetPinger pinger, ThirdPartyCallback thirdParty, CallAdoption adoption,
                  SipEdge edge) {
        this.adoption = adoption;
        this.sip = sip;
        this.edge = edge;
        this.registry = registry;
        this.pool = pool;
        this.messaging = messaging;
        this.signaling = signaling;
        this.admission = admission;
        this.outOfDialog = new OutOfDialogResponder(messaging);
        this.screen = new RequestScreen(messaging);
        this.pinger = pinger;
        this.thirdParty = thirdParty;
    }

    SipContext sip() {
        return sip;
    }

    SipEdge edge() {
        return edge;
    }

    Executor pool() {
        return pool;
    }

    /** Places scheduled callbacks (third-party call control). */
    ThirdPartyCallback thirdParty() {
        return thirdParty;
    }

    /** An operator's hang-up, run in turn with the call's SIP events. */
    void hangUp(Call call) {
        call.executor().execute(() -> {
            if (!thirdParty.hangUp(call)) {
                signaling.endCall(call, "completed:operator-hangup");
            }
        });
    }

    /**
     * From now on a new call gets {@code 503} with {@code Retry-After}, and so does an OPTIONS, so that a front
     * proxy's probe takes this node out of its set (docs/availability.md); calls in progress go on.
     */
    void refuseNewCalls() {
        refusingNewCalls = true;
    }

    boolean refusesNewCalls() {
        return refusingNewCalls;
    }

    /** Ends a call because relaybridge stops, run in turn with the call's SIP events. */
    void endForStop(Call call) {
        call.executor().execute(() -> {
            if (!thirdParty.hangUp(call)) {
                signaling.endForStop(call);
            }
        });
    }

    /** Lets go of a call whose legs did not answer the stop's BYE in time: its record is final all the same. */
    void abandon(Call call) {
        call.executor().execute(() -> signaling.abandon(call, "interrupted:shutdown"));
    }

    /** Starts the OPTIONS pings of the queue targets. */
    public void startPinging() {
        pinger.start();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        if (Request.ACK.equals(method)) {
            if (request instanceof ScreenedRequest screened && screened.rejection() != null) {
                return;
            }
            if (AutomaticResponseAcks.absorb(messaging.sip().provider(), request)) {
                return;
            }
            registry.leg(callId).or(() -> refusingNewCalls ? Optional.empty() : adoption.adopt(callId))
                    .ifPresent(leg -> leg.call().executor().execute(() -> signaling.onAck(leg, request)));
            return;
        }
        ServerTransaction transaction = serverTransaction(event);
        if (transaction == null) {
            return;
        }
        boolean inDialog = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null;
        if (refusingNewCalls && !inDialog && (Request.INVITE.equals(method) || Request.OPTIONS.equals(method))) {
            pool.execute(() -> messaging.replyUnavailable(transaction, STOPPING_RETRY_AFTER_SECONDS));
            return;
        }
        Optional<Rejection> rejection = screen.check(request, allowedHere(method, inDialog), inDialog);
        if (rejection.isPresent()) {
            pool.execute(() -> screen.refuse(transaction, rejection.get()));
            return;
        }
        if (Request.INVITE.equals(method) && !inDialog) {
            Call call = registry.open(callId, transportOf(request));
            if (call == null) {
                pool.execute(() -> messaging.reply(transaction, Response.LOOP_DETECTED));
                return;
            }
            if (request instanceof se.relaybridge.sip.ScreenedRequest screened) {
                call.receivedAt(screened.receivedNanos());
            }
            call.executor().execute(() -> admission.onInvite(call, transaction));
            return;
        }
        Optional<Leg> leg = registry.leg(callId);
        if (Request.CANCEL.equals(method)) {
            leg.filter(l -> l.role() == LegRole.RELAY).ifPresentOrElse(
                    l -> l.call().executor().execute(() -> signaling.onCancel(l, transaction)),
                    () -> pool.execute(() -> messaging.reply(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST)));
        } else if (inDialog) {
            // a stopping node has handed its calls over: 503 sends the request to another node (docs/cluster.md)
            leg.ifPresentOrElse(l -> l.call().executor().execute(() -> inDialog(l, transaction)),
                    () -> pool.execute(() -> {
                        if (refusingNewCalls) {
                            messaging.replyUnavailable(transaction, STOPPING_RETRY_AFTER_SECONDS);
                        } else {
                            messaging.reply(transaction, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
                        }
                    }));
        } else {
            pool.execute(() -> outOfDialog.respond(transaction));
        }
    }

    /** A BYE the stack refused as out of order: its sender has left all the same (docs/sip-edge.md). */
    @Override
    public void onRefusedBye(String callId) {
        registry.leg(callId).ifPresent(l -> l.call().executor().execute(() -> signaling.onRefusedBye(l)));
    }

    /** A call another node set up, whose node is gone: taken up before the stack looks for the request's dialog. */
    @Override
    public void onUnknownDialog(String callId) {
        // a stopping node takes nothing up: it hands calls over
        if (!refusingNewCalls && registry.leg(callId).isEmpty()) {
            adoption.adopt(callId);
        }
    }

    /** RFC 3261 §8.2.1: a method relaybridge does not allow outside a dialog gets its 405 before any other check. */
    private static boolean allowedHere(String method, boolean inDialog) {
        return inDialog || OutOfDialogResponder.ALLOWED.contains(method);
    }

    private void inDialog(Leg leg, ServerTransaction transaction) {
        if (Request.BYE.equals(transaction.getRequest().getMethod())) {
            signaling.onBye(leg, transaction);
        } else {
            signaling.onInDialogRequest(leg, transaction);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof TargetPinger.Ping ping) {
            pinger.answered(ping);
            return;
        }
        if (event.getClientTransaction() != null && event.getClientTransaction().getApplicationData() instanceof TxTag tag) {
            if (tag.purpose() == TxPurpose.THIRD_PARTY_INVITE) {
                tag.call().executor().execute(() -> thirdParty.onResponse(tag, response));
                return;
            }
            tag.call().executor().execute(() -> signaling.onResponse(tag, response));
            return;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (Request.INVITE.equals(cseq.getMethod()) && response.getStatusCode() / 100 == 2) {
            retransmittedAnswer(response);
        }
    }

    /** A 2xx to an INVITE of relaybridge's whose transaction is over: its leg ACKs it again (RFC 3261 §13.2.2.4). */
    void retransmittedAnswer(Response response) {
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        // any leg relaybridge placed: queue attempts, transfer targets, and the nurse of a scheduled callback
        registry.leg(callId).filter(Leg::placed)
                .ifPresent(l -> l.call().executor().execute(() -> signaling.onRetransmittedAnswer(l)));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof TargetPinger.Ping ping) {
            pinger.silent(ping, TargetPinger.TIMER_F);
            return;
        }
        if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof TxTag tag) {
            if (tag.purpose() == TxPurpose.THIRD_PARTY_INVITE) {
                tag.call().executor().execute(() -> thirdParty.onTimeout(tag));
                return;
            }
            tag.call().executor().execute(() -> signaling.onTimeout(tag));
        }
    }

    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        if (event.getDialog().getApplicationData() instanceof Leg leg) {
            leg.call().executor().execute(() -> signaling.onDialogTimeout(leg));
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.fine(() -> "SIP I/O error towards " + event.getHost() + ":" + event.getPort() + "/" + event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // call transactions end through their response or timeout; only the pinger keeps count of its own
        if (!event.isServerTransaction() && event.getClientTransaction().getApplicationData() instanceof TargetPinger.Ping) {
            pinger.forget(event.getClientTransaction());
        }
    }

    /** OPTIONS pings still in the stack's transaction table. */
    int pingsInFlight() {
        return pinger.inFlight();
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // the call's own state decides when it ends; the dialog's end needs no action
    }

    private ServerTransaction serverTransaction(RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return sip.provider().getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            return null;
        } catch (TransactionUnavailableException e) {
            LOG.log(Level.FINE, "no server transaction for " + event.getRequest().getMethod(), e);
            pool.execute(() -> screen.refuseStatelessly(event.getRequest(), e));
            return null;
        }
    }

    private static String transportOf(Request request) {
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via.getTransport().toLowerCase(Locale.ROOT);
    }
}
