package se.relaybridge.demo;

import se.relaybridge.relay.RelayProfile;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * A stand-in for one relay provider's trunk: calls 1177 through relaybridge every few seconds from the trunk's
 * own address, with the metadata and media that provider sends, stays in the call a while and hangs up; now and
 * then gives up while it rings. Listener methods only send and schedule; the waiting happens on the demo's timers.
 */
final class DemoCaller implements SipListener {

    private static final Logger LOG = Logger.getLogger(DemoCaller.class.getName());

    private final RelayProfile profile;
    private final String relaybridge;
    private final DemoSettings settings;
    private final ScheduledExecutorService timers;
    private final RandomGenerator random;
    private final DemoRequests requests;
    private final Map<String, CallerCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private volatile DemoStack sip;
    private volatile boolean stopping;
    private volatile ScheduledFuture<?> next;

    private DemoCaller(RelayProfile profile, String relaybridge, DemoSettings settings, ScheduledExecutorService timers,
                       RandomGenerator random) {
        this.profile = profile;
        this.relaybridge = relaybridge;
        this.settings = settings;
        this.timers = timers;
        this.random = random;
        this.requests = new DemoRequests(profile);
    }

    /** Listens on {@code source} (the trunk's address) and calls relaybridge at {@code relaybridge} (host:port). */
    static DemoCaller start(RelayProfile profile, String source, String relaybridge, DemoSettings settings,
                            ScheduledExecutorService timers, RandomGenerator random) throws IOException {
        DemoCaller caller = new DemoCaller(profile, relaybridge, settings, timers, random);
        caller.sip = DemoStack.start("relaybridge-demo-caller-" + profile.id(), source, settings.callerPorts(), caller);
        caller.requests.bind(caller.sip);
        return caller;
    }

    /** The first call within one call interval, at a random point so the callers do not all call at once. */
    void begin() {
        schedule(random.nextLong(settings.callInterval().max().toMillis() + 1));
    }

    String describe() {
        return sip.hostPort() + " (" + profile.id() + "/" + profile.service() + ")";
    }

    int activeCalls() {
        return calls.size();
    }

    /** Places no more calls and ends those in progress: BYE when answered, CANCEL while ringing. */
    void endCalls() {
        stopping = true;
        ScheduledFuture<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        for (CallerCall call : calls.values()) {
            synchronized (call) {
                call.cancelTimer();
                if (call.acked) {
                    bye(call);
                } else if (call.provisional) {
                    cancel(call);
                }
                // no provisional yet: CANCEL may not be sent before one (RFC 3261 §9.1); it goes when one comes
            }
        }
    }

    void stop() {
        sip.stop();
    }

    private void schedule(long delayMillis) {
        if (stopping) {
            return;
        }
        try {
            next = timers.schedule(this::turn, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the demo is stopping
        }
    }

    private void turn() {
        try {
            if (!stopping && calls.size() < maxConcurrent()) {
                place();
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo caller " + profile.id() + ": cannot place a call", e);
        } finally {
            schedule(Math.max(settings.callInterval().pickMillis(random), minSpacingMillis()));
        }
    }

    // a real relay provider keeps within the limits it agreed on; a demo that did not would show refusals on the
    // board that no real trunk causes
    private int maxConcurrent() {
        Integer trunkMax = profile.trunk().maxConcurrentCalls();
        return trunkMax == null ? settings.maxCallsPerCaller() : Math.min(trunkMax, settings.maxCallsPerCaller());
    }

    private long minSpacingMillis() {
        Integer perSecond = profile.trunk().maxCallsPerSecond();
        // a little over 1/rate: relaybridge's token bucket then always has a whole token for the next call
        return perSecond == null || perSecond <= 0 ? 0 : 1_000 / perSecond + 20;
    }

    private void place() throws Exception {
        int firstPort = 30_000 + (int) (counter.incrementAndGet() % 2_000) * 8;
        Request invite = requests.invite(relaybridge, DemoCallDetails.random(random), firstPort);
        ClientTransaction tx = sip.provider.getNewClientTransaction(invite);
        String callId = callId(invite);
        CallerCall call = new CallerCall(callId, tx, random.nextDouble() < settings.cancelShare(), firstPort);
        calls.put(callId, call);
        synchronized (call) {
            tx.sendRequest();
        }
        LOG.fine(() -> "demo caller " + profile.id() + " calls, Call-ID " + callId);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        CallerCall call = calls.get(callId(response));
        if (call == null || !Request.INVITE.equals(cseq.getMethod())) {
            if (call != null && Request.BYE.equals(cseq.getMethod()) && response.getStatusCode() >= 200) {
                calls.remove(call.callId);
            }
            return;
        }
        int status = response.getStatusCode();
        synchronized (call) {
            if (status < 200) {
                ringing(call, status);
            } else if (status < 300) {
                answered(call, event, cseq.getSeqNumber());
            } else {
                // refused, or 487 after our CANCEL: the call is over (the stack ACKs a failure itself)
                call.cancelTimer();
                calls.remove(call.callId);
                LOG.fine(() -> "demo caller " + profile.id() + " call ended with " + status);
            }
        }
    }

    private void ringing(CallerCall call, int status) {
        call.provisional = true;
        if (stopping) {
            cancel(call);
        } else if (status > 100 && call.givesUpWhileRinging && call.timer == null) {
            // gives up before the desk answers (it rings at least ringing.min)
            long after = Math.max(1, settings.ringing().min().toMillis() / 2);
            call.timer = timers.schedule(() -> {
                synchronized (call) {
                    cancel(call);
                }
            }, after, TimeUnit.MILLISECONDS);
        }
    }

    private void answered(CallerCall call, ResponseEvent event, long seq) {
        if (call.acked) {
            return;
        }
        try {
            call.dialog = event.getDialog();
            call.dialog.sendAck(call.dialog.createAck(seq));
            call.acked = true;
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo caller " + profile.id() + ": cannot ACK", e);
            return;
        }
        call.cancelTimer();
        if (stopping || call.cancelSent) {
            // the answer crossed our CANCEL
            bye(call);
        } else {
            call.timer = timers.schedule(() -> {
                synchronized (call) {
                    bye(call);
                }
            }, settings.callLength().pickMillis(random), TimeUnit.MILLISECONDS);
        }
    }

    /** Holds the call's lock. */
    private void cancel(CallerCall call) {
        if (call.cancelSent || call.acked) {
            return;
        }
        call.cancelSent = true;
        try {
            sip.provider.getNewClientTransaction(call.invite.createCancel()).sendRequest();
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo caller " + profile.id() + ": cannot CANCEL", e);
        }
    }

    /** Holds the call's lock. */
    private void bye(CallerCall call) {
        if (call.byeSent || call.dialog == null) {
            return;
        }
        call.byeSent = true;
        call.cancelTimer();
        try {
            ClientTransaction bye = sip.provider.getNewClientTransaction(call.dialog.createRequest(Request.BYE));
            call.dialog.sendRequest(bye);
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo caller " + profile.id() + ": cannot send BYE", e);
            calls.remove(call.callId);
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        CallerCall call = calls.get(callId(request));
        int status = call == null && !Request.OPTIONS.equals(request.getMethod())
                ? Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST : Response.OK;
        String sdp = null;
        switch (request.getMethod()) {
            case Request.BYE -> {
                // the desk hung up (relaybridge passes its BYE on)
                if (call != null) {
                    synchronized (call) {
                        call.cancelTimer();
                        call.byeSent = true;
                    }
                    calls.remove(call.callId);
                }
            }
            case Request.INVITE, Request.UPDATE -> sdp = call == null ? null : requests.answerOrOffer(request, call.firstPort);
            case Request.INFO, Request.OPTIONS -> {
            }
            default -> status = Response.NOT_IMPLEMENTED;
        }
        requests.respond(event, status, sdp);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction()) {
            String method = event.getClientTransaction().getRequest().getMethod();
            if (Request.INVITE.equals(method) || Request.BYE.equals(method)) {
                calls.remove(callId(event.getClientTransaction().getRequest()));
            }
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        calls.remove(event.getDialog().getCallId().getCallId());
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    static String callId(Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
