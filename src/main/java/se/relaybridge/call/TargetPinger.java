package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.TargetHealth;
import se.relaybridge.routing.TargetSelection;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;

import javax.sip.ClientTransaction;
import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Asks every queue target OPTIONS at a fixed interval, and those known to be down every second. Any response means
 * the target is alive; none within the ping timeout marks it down, so calls skip it until it answers again.
 */
final class TargetPinger {

    private static final Logger LOG = Logger.getLogger(TargetPinger.class.getName());

    /** Application data of a ping's client transaction. */
    record Ping(String target, AtomicBoolean answered) {
    }

    private final SipMessaging messaging;
    private final Supplier<QueueDirectory> queues;
    private final TargetSelection health;
    private final ScheduledExecutorService timers;
    private final Set<ClientTransaction> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> pinging = ConcurrentHashMap.newKeySet();
    private static final long TICK_MILLIS = 1000;
    /** How long the stack waits for a ping's answer before it gives up (RFC 3261 §17.1.2.2: 64·T1). */
    static final java.time.Duration TIMER_F = java.time.Duration.ofSeconds(32);
    private volatile long lastFullRound = System.nanoTime() - Long.MAX_VALUE / 2;

    TargetPinger(SipMessaging messaging, Supplier<QueueDirectory> queues, TargetSelection health,
                 ScheduledExecutorService timers) {
        this.messaging = messaging;
        this.queues = queues;
        this.health = health;
        this.timers = timers;
    }

    void start() {
        schedule(0);
    }

    /**
     * Once a second: every target when the interval in force has passed since the last full round (queues.json may
     * change it, or switch pings on or off), else only the targets known to be down. Calls skip those, so the
     * sooner a mended one is noticed the fewer relay calls are refused; one OPTIONS a second to a dead server costs
     * nothing.
     */
    private void tick() {
        QueueDirectory directory = queues.get();
        try {
            if (directory.failover().pings()) {
                long now = System.nanoTime();
                boolean full = now - lastFullRound >= directory.failover().pingInterval().toNanos();
                if (full) {
                    lastFullRound = now;
                }
                pingAll(directory, full);
            }
        } finally {
            schedule(TICK_MILLIS);
        }
    }

    private void schedule(long delayMillis) {
        try {
            timers.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            LOG.fine("timers stopped: no more pings");
        }
    }

    private void pingAll(QueueDirectory directory, boolean everyTarget) {
        for (String target : directory.allTargets()) {
            if (!everyTarget && health.health().state(target) != TargetHealth.State.DOWN || pinging.contains(target)) {
                continue;
            }
            pinging.add(target);
            try {
                Ping ping = new Ping(target, new AtomicBoolean());
                ClientTransaction transaction = send(ping);
                timers.schedule(() -> {
                    pinging.remove(target);
                    if (!ping.answered().get()) {
                        silent(ping, directory.failover().pingTimeout());
                        // no need to retransmit to a silent target for Timer F's 32 s: the next ping asks again
                        terminate(transaction);
                    }
                }, directory.failover().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                pinging.remove(target);
                if (e instanceof RejectedExecutionException) {
                    return;
                }
                LOG.log(Level.FINE, "cannot ping " + target, e);
                health.failed(target, "OPTIONS cannot be sent");
            }
        }
    }

    void answered(Ping ping) {
        ping.answered().set(true);
        health.answered(ping.target(), "OPTIONS");
    }

    void silent(Ping ping, java.time.Duration waited) {
        if (ping.answered().get()) {
            return;
        }
        health.timedOut(ping.target(), "no answer to OPTIONS", waited);
    }

    /** A ping transaction the stack has ended. */
    void forget(ClientTransaction transaction) {
        inFlight.remove(transaction);
    }

    /** Ping transactions still in the stack's table: housekeeping, not calls. */
    int inFlight() {
        return inFlight.size();
    }

    private void terminate(ClientTransaction transaction) {
        try {
            transaction.terminate();
        } catch (javax.sip.ObjectInUseException | RuntimeException e) {
            LOG.log(Level.FINE, "ping transaction already gone", e);
        }
        inFlight.remove(transaction);
    }

    private ClientTransaction send(Ping ping) throws ParseException, SipException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        URI target = sip.addresses().createURI(ping.target());
        String transport = target instanceof SipURI uri && uri.getTransportParam() != null
                ? uri.getTransportParam().toLowerCase(Locale.ROOT) : "udp";
        if (!sip.settings().hasTransport(transport)) {
            throw new SipException("no " + transport + " listening point");
        }
        SipURI self = sip.addresses().createSipURI("relaybridge", sip.settings().publicHost());
        FromHeader from = sip.headers().createFromHeader(sip.addresses().createAddress(self), Utils.getInstance().generateTag());
        ToHeader to = sip.headers().createToHeader(sip.addresses().createAddress(target), null);
        CallIdHeader callId = sip.provider().getNewCallId();
        ViaHeader via = sip.headers().createViaHeader(sip.settings().publicHost(), sip.settings().port(transport),
                transport, Utils.getInstance().generateBranchId());
        Request options = sip.messages().createRequest(target, Request.OPTIONS, callId,
                sip.headers().createCSeqHeader(1L, Request.OPTIONS), from, to, List.of(via),
                sip.headers().createMaxForwardsHeader(70));
        options.addHeader(sip.headers().createUserAgentHeader(List.of(Product.TOKEN)));
        ClientTransaction transaction = sip.provider().getNewClientTransaction(options);
        transaction.setApplicationData(ping);
        inFlight.add(transaction);
        transaction.sendRequest();
        return transaction;
    }
}
