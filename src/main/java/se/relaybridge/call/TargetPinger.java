package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.routing.FailoverPolicy;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.TargetHealth;
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
 * Asks every queue target OPTIONS at a fixed interval. Any response means the target is alive; none within
 * the ping timeout marks it silent, so calls try it last until it answers again.
 */
final class TargetPinger {

    private static final Logger LOG = Logger.getLogger(TargetPinger.class.getName());

    /** Application data of a ping's client transaction. */
    record Ping(String target, AtomicBoolean answered) {
    }

    private final SipMessaging messaging;
    private final Supplier<QueueDirectory> queues;
    private final TargetHealth health;
    private final ScheduledExecutorService timers;
    private final Set<ClientTransaction> inFlight = ConcurrentHashMap.newKeySet();

    TargetPinger(SipMessaging messaging, Supplier<QueueDirectory> queues, TargetHealth health,
                 ScheduledExecutorService timers) {
        this.messaging = messaging;
        this.queues = queues;
        this.health = health;
        this.timers = timers;
    }

    void start() {
        FailoverPolicy policy = queues.get().failover();
        if (!policy.pings()) {
            return;
        }
        long interval = policy.pingInterval().toMillis();
        timers.scheduleWithFixedDelay(this::pingAll, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void pingAll() {
        QueueDirectory directory = queues.get();
        for (String target : directory.allTargets()) {
            try {
                Ping ping = new Ping(target, new AtomicBoolean());
                ClientTransaction transaction = send(ping);
                timers.schedule(() -> {
                    if (!ping.answered().get()) {
                        silent(ping);
                        // no need to retransmit to a silent target for Timer F's 32 s: the next ping asks again
                        terminate(transaction);
                    }
                }, directory.failover().pingTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                if (e instanceof RejectedExecutionException) {
                    return;
                }
                LOG.log(Level.FINE, "cannot ping " + target, e);
                health.silent(target);
            }
        }
    }

    void answered(Ping ping) {
        ping.answered().set(true);
        if (health.state(ping.target()) != TargetHealth.State.UP) {
            LOG.info(() -> "queue target " + ping.target() + " answers");
        }
        health.answered(ping.target());
    }

    void silent(Ping ping) {
        if (ping.answered().get()) {
            return;
        }
        if (health.state(ping.target()) != TargetHealth.State.DOWN) {
            LOG.warning(() -> "queue target " + ping.target() + " does not answer OPTIONS");
        }
        health.silent(ping.target());
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
