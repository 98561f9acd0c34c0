package se.relaybridge.call;

import se.relaybridge.sip.Product;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.time.Clock;
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
 * Session timers (RFC 4028) on each leg on its own. On the queue leg relaybridge asks for a session interval
 * and, when the queue leaves the refreshing to it, refreshes at half the interval (UPDATE when the queue
 * allows it, else a re-INVITE with the SDP it last sent). On the relay leg the relay refreshes. A leg whose
 * session is not refreshed within its interval is dead: both legs are ended and the call's outcome says why.
 */
final class SessionTimers {

    private static final Logger LOG = Logger.getLogger(SessionTimers.class.getName());
    static final String TIMER = "timer";

    private final SipMessaging messaging;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final SessionTimerPolicy policy;
    private final BiConsumer<Call, String> endCall;

    SessionTimers(SipMessaging messaging, ScheduledExecutorService timers, Clock clock, SessionTimerPolicy policy,
                  BiConsumer<Call, String> endCall) {
        this.messaging = messaging;
        this.timers = timers;
        this.clock = clock;
        this.policy = policy;
        this.endCall = endCall;
    }

    SessionTimerPolicy policy() {
        return policy;
    }

    /** A relay INVITE asking for a shorter session than relaybridge accepts (answered 422). */
    boolean tooShort(Request relayInvite) {
        return SessionExpires.of(relayInvite).map(se -> se.interval().compareTo(policy.minSe()) < 0).orElse(false);
    }

    /** The queue answered: run the timer it agreed to, if any. */
    void onQueueAnswer(Call call, Leg queue, Response ok) {
        queue.notePeerAllow(ok);
        SessionExpires.of(ok).ifPresent(se -> start(call, queue, se.interval(), !"uas".equals(se.refresher())));
    }

    /** relaybridge answers the relay: grant a session timer when the relay asked for one, the relay refreshing. */
    void onRelayAnswer(Call call, Leg relay, Response ok) throws ParseException, InvalidArgumentException {
        Request invite = relay.invite();
        if (SessionExpires.of(invite).isEmpty() || !supportsTimer(invite)) {
            return;
        }
        Duration interval = SessionExpires.of(invite).get().interval();
        addTimerHeaders(ok, new SessionExpires(interval, "uac"), true);
        start(call, relay, interval, false);
    }

    /**
     * A leg taken up from its replica ({@link CallAdoption}): its session timer runs again here as agreed on the node
     * that set it up, counted from now (that node's last refresh is not known here).
     */
    void resume(Call call, Leg leg, Duration interval, boolean weRefresh) {
        start(call, leg, interval, weRefresh);
    }

    /** A 2xx to a re-INVITE or UPDATE on a leg refreshes that leg's session. */
    void refreshed(Leg leg) {
        if (leg.sessionTimer() != null) {
            leg.sessionTimer().refreshed(clock.instant());
        }
    }

    /** The relay-facing 2xx of a bridged refresh keeps telling the relay its own session interval. */
    void decorateRelayAnswer(Leg relay, Response ok) throws ParseException, InvalidArgumentException {
        if (relay.role() == LegRole.RELAY && relay.sessionTimer() != null) {
            ok.removeHeader(SessionExpires.HEADER);
            addTimerHeaders(ok, new SessionExpires(relay.sessionTimer().interval(), "uac"), true);
        }
    }

    void onRefreshResponse(TxTag tag, Response response) {
        Leg leg = tag.leg();
        SessionTimer timer = leg.sessionTimer();
        int status = response.getStatusCode();
        if (status < 200 || timer == null) {
            return;
        }
        timer.refreshInFlight(false);
        if (status < 300) {
            if (Request.INVITE.equals(((CSeqHeader) response.getHeader(CSeqHeader.NAME)).getMethod())) {
                SipMessaging.ackOwnReinvite(leg, response, "the session refresh");
            }
            timer.refreshed(clock.instant());
        } else if (status != Response.REQUEST_PENDING) {
            // 408 or 481 mean the session is gone (RFC 4028 §10); any other refusal leaves it unrefreshable
            LOG.info(() -> leg.call().id() + " session refresh of the " + leg.role() + " leg refused with " + status);
            endCall.accept(leg.call(), "failed:session-timer:" + role(leg));
        }
    }

    void onRefreshTimeout(TxTag tag) {
        endCall.accept(tag.call(), "failed:session-timer:" + role(tag.leg()));
    }

    private void start(Call call, Leg leg, Duration interval, boolean weRefresh) {
        leg.sessionTimer(new SessionTimer(interval, weRefresh, clock.instant()));
        schedule(call, leg);
    }

    private void schedule(Call call, Leg leg) {
        try {
            timers.schedule(() -> call.executor().execute(() -> tick(call, leg)),
                    leg.sessionTimer().tick().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.fine("timers stopped");
        }
    }

    private void tick(Call call, Leg leg) {
        SessionTimer timer = leg.sessionTimer();
        if (timer == null || leg.released() || call.state() == CallState.ENDING || call.state() == CallState.ENDED) {
            return;
        }
        if (timer.expired(clock.instant())) {
            LOG.warning(() -> call.id() + " session of the " + role(leg) + " leg expired without refresh");
            endCall.accept(call, "failed:session-timer:" + role(leg));
            return;
        }
        if (timer.weRefresh() && !timer.refreshInFlight() && !leg.midDialogInviteOut()) {
            sendRefresh(call, leg);
        }
        schedule(call, leg);
    }

    /** Whether relaybridge's session refresh on {@code leg} is a re-INVITE with its SDP, an offer (else an UPDATE). */
    static boolean refreshOffers(Leg leg) {
        return !leg.peerAllowsUpdate() && leg.lastSdpSent() != null;
    }

    private void sendRefresh(Call call, Leg leg) {
        boolean update = !refreshOffers(leg);
        try {
            Request refresh = leg.dialog().createRequest(update ? Request.UPDATE : Request.INVITE);
            if (!update) {
                ContentTypeHeader sdp = messaging.sip().headers().createContentTypeHeader("application", "sdp");
                refresh.setContent(leg.lastSdpSent(), sdp);
            }
            refresh.setHeader(messaging.contact(leg.transport()));
            refresh.setHeader(messaging.sip().headers().createUserAgentHeader(List.of(Product.TOKEN)));
            addTimerHeaders(refresh, new SessionExpires(leg.sessionTimer().interval(), "uac"), false);
            ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(refresh);
            transaction.setApplicationData(new TxTag(call, leg, TxPurpose.REFRESH));
            if (update) {
                leg.dialog().sendRequest(transaction);
            } else {
                SipMessaging.sendReinvite(leg.dialog(), transaction);
            }
            leg.sessionTimer().refreshInFlight(true);
        } catch (SipException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not refresh the " + role(leg) + " session", e);
        }
    }

    /** Session-Expires plus Supported: timer (and Require: timer in a 2xx, RFC 4028 §9). */
    void addTimerHeaders(javax.sip.message.Message message, SessionExpires value, boolean require)
            throws ParseException, InvalidArgumentException {
        message.setHeader(messaging.sip().headers().createHeader(SessionExpires.HEADER, value.headerValue()));
        message.addHeader(messaging.sip().headers().createSupportedHeader(TIMER));
        if (require) {
            message.addHeader(messaging.sip().headers().createRequireHeader(TIMER));
        }
    }

    static boolean supportsTimer(Request request) {
        for (String name : List.of("Supported", "k")) {
            java.util.ListIterator<?> values = request.getHeaders(name);
            while (values != null && values.hasNext()) {
                String value = QueueInviteBuilder.valueOf((javax.sip.header.Header) values.next());
                for (String token : value.split(",")) {
                    if (TIMER.equals(token.trim().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String role(Leg leg) {
        return leg.role().name().toLowerCase(Locale.ROOT);
    }
}
