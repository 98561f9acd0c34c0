package se.relaybridge.demo;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * A stand-in for the nurse queue's agent desktop: answers relaybridge's OPTIONS pings, rings each call for a
 * moment, answers it with the same kinds of media as offered, and hangs up itself on some calls, as a nurse
 * who has finished would. Listener methods only send and schedule; the waiting happens on the demo's timers.
 */
final class DemoDesk implements SipListener {

    private static final Logger LOG = Logger.getLogger(DemoDesk.class.getName());
    static final String STACK_NAME = "relaybridge-demo-desk";

    private final DemoSettings settings;
    private final ScheduledExecutorService timers;
    private final RandomGenerator random;
    private final Map<String, DeskCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final String user;
    private volatile DemoStack sip;
    private volatile boolean stopping;

    private DemoDesk(DemoSettings settings, ScheduledExecutorService timers, RandomGenerator random, String user) {
        this.settings = settings;
        this.timers = timers;
        this.random = random;
        this.user = user;
    }

    /**
     * Listens on the host and port of {@code target}, a queue target such as {@code sip:1177@127.0.0.1:5070}.
     *
     * @throws IOException when the target is no UDP address of this machine or its port is taken
     */
    static DemoDesk start(String target, DemoSettings settings, ScheduledExecutorService timers, RandomGenerator random)
            throws IOException {
        SipURI uri = DeskAddress.parse(target);
        int port = uri.getPort() > 0 ? uri.getPort() : 5060;
        DemoDesk desk = new DemoDesk(settings, timers, random, uri.getUser() == null ? "1177" : uri.getUser());
        desk.sip = DemoStack.start(STACK_NAME, uri.getHost(), new DemoSettings.PortRange(port, port), desk);
        return desk;
    }

    String hostPort() {
        return sip.hostPort();
    }

    int activeCalls() {
        return calls.size();
    }

    /** Refuses new calls and ends those it has: BYE when answered, 480 while ringing. */
    void endCalls() {
        stopping = true;
        for (DeskCall call : calls.values()) {
            synchronized (call) {
                call.cancelTimers();
                if (call.answered) {
                    hangUp(call);
                } else if (!call.ended) {
                    call.ended = true;
                    respond(call.invite, Response.TEMPORARILY_UNAVAILABLE, null);
                    calls.remove(call.callId);
                }
            }
        }
    }

    void stop() {
        sip.stop();
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String callId = callId(request);
        try {
            switch (request.getMethod()) {
                case Request.ACK -> acknowledged(callId);
                case Request.INVITE -> {
                    ServerTransaction tx = transaction(event);
                    if (tx != null) {
                        invite(tx, callId);
                    }
                }
                case Request.CANCEL -> cancel(transaction(event), callId);
                case Request.BYE -> {
                    respond(transaction(event), Response.OK, null);
                    DeskCall call = calls.remove(callId);
                    if (call != null) {
                        synchronized (call) {
                            call.ended = true;
                            call.cancelTimers();
                        }
                    }
                }
                case Request.OPTIONS, Request.INFO -> respond(transaction(event), Response.OK, null);
                case Request.UPDATE -> respond(transaction(event), Response.OK, answerTo(request, calls.get(callId)));
                default -> respond(transaction(event), Response.NOT_IMPLEMENTED, null);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "demo desk: cannot handle " + request.getMethod(), e);
        }
    }

    private void invite(ServerTransaction tx, String callId) {
        DeskCall existing = calls.get(callId);
        if (existing != null && existing.invite != tx) {
            // a re-INVITE: same media again, on the same ports
            respond(tx, Response.OK, answerTo(tx.getRequest(), existing));
            return;
        }
        if (stopping) {
            respond(tx, Response.TEMPORARILY_UNAVAILABLE, null);
            return;
        }
        long n = counter.incrementAndGet();
        DeskCall call = new DeskCall(callId, tx, "desk" + n, 40_000 + (int) (n % 2_000) * 8);
        calls.put(callId, call);
        synchronized (call) {
            respond(tx, Response.RINGING, null, call.tag);
            call.ring = timers.schedule(() -> answer(call), settings.ringing().pickMillis(random), TimeUnit.MILLISECONDS);
        }
    }

    private void answer(DeskCall call) {
        synchronized (call) {
            if (call.ended || call.answered) {
                return;
            }
            call.answered = true;
            respond(call.invite, Response.OK, answerTo(call.invite.getRequest(), call), call.tag);
        }
    }

    private void acknowledged(String callId) {
        DeskCall call = calls.get(callId);
        if (call == null) {
            return;
        }
        synchronized (call) {
            if (call.acked || call.ended || !call.answered) {
                return;
            }
            call.acked = true;
            if (random.nextDouble() < settings.deskHangUpShare()) {
                call.hangUp = timers.schedule(() -> {
                    synchronized (call) {
                        hangUp(call);
                    }
                }, settings.deskHangUp().pickMillis(random), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void cancel(ServerTransaction cancelTx, String callId) {
        respond(cancelTx, Response.OK, null);
        DeskCall call = calls.get(callId);
        if (call == null) {
            return;
        }
        synchronized (call) {
            if (!call.answered && !call.ended) {
                call.ended = true;
                call.cancelTimers();
                respond(call.invite, Response.REQUEST_TERMINATED, null, call.tag);
                calls.remove(callId);
            }
        }
    }

    /** Sends BYE on an answered call; the call goes when the BYE is answered or times out. Holds the call's lock. */
    private void hangUp(DeskCall call) {
        if (call.ended || call.byeSent || !call.answered) {
            return;
        }
        call.byeSent = true;
        call.cancelTimers();
        try {
            Dialog dialog = call.invite.getDialog();
            ClientTransaction bye = sip.provider.getNewClientTransaction(dialog.createRequest(Request.BYE));
            dialog.sendRequest(bye);
            LOG.fine(() -> "demo desk hangs up " + call.tag);
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo desk: cannot send BYE", e);
            call.ended = true;
            calls.remove(call.callId);
        }
    }

    private String answerTo(Request request, DeskCall call) {
        int firstPort = call == null ? 40_000 : call.firstPort;
        return DemoSdp.in(request)
                .map(offer -> DemoSdp.answer(offer, sip.host, firstPort, counter.get()))
                // no offer (delayed offer): the desk offers audio, the relay answers in its ACK
                .orElseGet(() -> DemoSdp.offer(se.relaybridge.relay.RelayService.SPEECH, sip.host, firstPort, counter.get()));
    }

    private void respond(ServerTransaction tx, int status, String sdp) {
        respond(tx, status, sdp, null);
    }

    private void respond(ServerTransaction tx, int status, String sdp, String tag) {
        if (tx == null) {
            return;
        }
        try {
            Response response = sip.messages.createResponse(status, tx.getRequest());
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (tag != null && to.getTag() == null) {
                to.setTag(tag);
            }
            if (status < 300 && status > 100 && !Request.OPTIONS.equals(tx.getRequest().getMethod())) {
                SipURI contact = sip.addresses.createSipURI(user, sip.host);
                contact.setPort(sip.port);
                response.addHeader(sip.headers.createContactHeader(sip.addresses.createAddress(contact)));
            }
            if (sdp != null) {
                response.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
            }
            tx.sendResponse(response);
        } catch (Exception e) {
            LOG.log(Level.FINE, "demo desk: cannot send " + status, e);
        }
    }

    private ServerTransaction transaction(RequestEvent event) {
        if (event.getServerTransaction() != null) {
            return event.getServerTransaction();
        }
        try {
            return sip.provider.getNewServerTransaction(event.getRequest());
        } catch (Exception e) {
            // a retransmission of a request whose transaction exists: the stack answers it
            LOG.log(Level.FINEST, "demo desk: no server transaction", e);
            return null;
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        if (response.getStatusCode() >= 200 && Request.BYE.equals(event.getClientTransaction() == null ? null
                : event.getClientTransaction().getRequest().getMethod())) {
            ended(callId(response));
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && Request.BYE.equals(event.getClientTransaction().getRequest().getMethod())) {
            ended(callId(event.getClientTransaction().getRequest()));
        }
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        ended(event.getDialog().getCallId().getCallId());
    }

    private void ended(String callId) {
        DeskCall call = calls.remove(callId);
        if (call != null) {
            synchronized (call) {
                call.ended = true;
                call.cancelTimers();
            }
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    private static String callId(javax.sip.message.Message message) {
        return ((CallIdHeader) message.getHeader(CallIdHeader.NAME)).getCallId();
    }
}
