package se.relaybridge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import se.relaybridge.sip.tcp.ConnectionGuard;
import se.relaybridge.sip.tcp.GuardedProcessorFactory;
import se.relaybridge.sip.udp.ReceiveLag;

import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import java.net.InetAddress;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TooManyListenersException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts and stops one JAIN SIP stack with the listening points of {@link SipSettings}. Plain Java, so the
 * same code runs inside Payara and in the in-JVM tests.
 */
public final class SipStackRunner {

    private static final Logger LOG = Logger.getLogger(SipStackRunner.class.getName());
    private static final String EVENT_SCANNER = "EventScannerThread";
    private static final String READ_TIMEOUT = "gov.nist.javax.sip.READ_TIMEOUT";
    /** The RI's name prefix of the thread that receives one listening point's messages (UDP datagrams, TCP/TLS accepts). */
    private static final String RECEIVER = "MessageProcessorThread-";

    private SipStack stack;
    private SipContext context;
    private Set<Thread> eventScanners = Set.of();
    private ConnectionGuard guard;
    private Set<Thread> receivers = Set.of();
    private final GateValve valve = new GateValve();
    private final ReceiveLag receiveLag = new ReceiveLag();

    /** As below, with no relay trunks: every TCP client gets a stranger's limits. */
    public synchronized SipContext start(SipSettings settings, Properties stackProperties,
                                         Function<SipContext, SipListener> listenerFactory)
            throws SipException {
        return start(settings, stackProperties, address -> false, listenerFactory);
    }

    /**
     * Starts the stack and its listening points; on any failure nothing is left running. {@code trunkSource} tells
     * a relay trunk's address, which may hold more TCP connections and keep them idle.
     */
    public synchronized SipContext start(SipSettings settings, Properties stackProperties,
                                         Predicate<InetAddress> trunkSource,
                                         Function<SipContext, SipListener> listenerFactory)
            throws SipException {
        if (context != null) {
            throw new IllegalStateException("SIP stack already running");
        }
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties props = new Properties();
        props.putAll(stackProperties);
        props.setProperty("javax.sip.STACK_NAME", settings.stackName());
        // a message that stalls between two reads this long closes its TCP connection (slowloris), unless
        // stack.properties sets its own
        props.putIfAbsent(READ_TIMEOUT, String.valueOf(settings.tcpLimitsOrDefault().headerTimeout().toMillis()));
        MessageSizeLimit.applyTo(props, MessageSizeLimit.of(stackProperties, "sip-config/stack.properties"));
        if (settings.tls() != null) {
            // per stack, never as -Djavax.net.ssl.*: several stacks may share this JVM
            TlsStackProperties.addTo(props, settings.tls());
            LOG.info(() -> "SIP TLS: key store " + settings.tls().keyStore() + ", trust store "
                    + settings.tls().trustStore() + ", client certificates " + settings.tls().clientAuth());
        }
        Set<Thread> scannersBefore = eventScannerThreads();
        Set<Thread> receiversBefore = threadsNamed(RECEIVER);
        try {
            // not SipFactory.createSipStack: the stack is the RI's with relaybridge's dialog-order check in front
            stack = new DialogOrderStack(props);
            // before any listening point receives: the valve sees every message from the first
            ((SIPTransactionStack) stack).sipMessageValves.add(valve);
            guard = new ConnectionGuard(settings.tcpLimitsOrDefault(), trunkSource);
            ((SIPTransactionStack) stack).setMessageProcessorFactory(new GuardedProcessorFactory(guard, udpThreads(props), receiveLag));
            if (settings.tls() != null) {
                TlsNetworkLayer.install(stack, settings.tls());
            }
            SipProvider provider = null;
            for (ListeningPointSpec spec : settings.listeningPoints()) {
                ListeningPoint lp = stack.createListeningPoint(settings.listenAddress(), spec.port(), spec.transport());
                if (provider == null) {
                    provider = stack.createSipProvider(lp);
                } else {
                    provider.addListeningPoint(lp);
                }
            }
            context = new SipContext(provider, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), settings);
            provider.addSipListener(listenerFactory.apply(context));
            stack.start();
            eventScanners = eventScannerThreads().stream().filter(t -> !scannersBefore.contains(t))
                    .collect(Collectors.toSet());
            receivers = threadsNamed(RECEIVER).stream().filter(t -> !receiversBefore.contains(t))
                    .collect(Collectors.toSet());
            LOG.info(() -> "SIP listening on " + settings.listenAddress() + " " + settings.listeningPoints());
            return context;
        } catch (SipException | InvalidArgumentException | TooManyListenersException | RuntimeException e) {
            Set<Thread> started = eventScannerThreads().stream().filter(t -> !scannersBefore.contains(t))
                    .collect(Collectors.toSet());
            eventScanners = started;
            stop();
            throw e instanceof SipException se ? se : new SipException("SIP stack failed to start", e);
        }
    }

    /** The RI's THREAD_POOL_SIZE as the stack reads it: absent or not a number means a thread per message (-1). */
    private static int udpThreads(Properties props) {
        try {
            return Integer.parseInt(props.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "-1").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The wait of datagrams received on this stack's UDP listening points before a message thread takes them. */
    public ReceiveLag receiveLag() {
        return receiveLag;
    }

    /** Puts {@code gate} before the stack's transaction layer (the gate is open until then). */
    public void gate(EarlyGate gate) {
        valve.gate(gate);
    }

    /** The running stack's transaction layer, for the early gate's look-ups; null when stopped. */
    public synchronized SIPTransactionStack transactions() {
        return stack instanceof SIPTransactionStack t ? t : null;
    }

    public synchronized boolean isListening() {
        return context != null && context.provider().getListeningPoints().length == context.settings().listeningPoints().size();
    }

    /**
     * The names of this stack's receiving and dispatching threads that have died while it runs (an Error thrown
     * on one ends it, and the RI starts no other): the listening point still looks open, but what arrives there is
     * never answered. Empty while every one is alive, or when the stack is not running.
     */
    public synchronized List<String> deadThreads() {
        if (context == null) {
            return List.of();
        }
        return Stream.concat(receivers.stream(), eventScanners.stream()).filter(t -> !t.isAlive())
                .map(Thread::getName).sorted().toList();
    }

    public synchronized SipContext context() {
        return context;
    }

    /** The TCP connection limits of the running stack (counts for metrics); null before it started. */
    public synchronized ConnectionGuard connectionGuard() {
        return guard;
    }

    /**
     * Stops the stack, frees its ports and ends its threads. The RI leaves its event scanner thread blocked
     * after {@code stop()}, pinning the application's class loader, so it is interrupted here.
     */
    public synchronized void stop() {
        if (stack == null) {
            return;
        }
        try {
            if (context != null) {
                for (ListeningPoint lp : context.provider().getListeningPoints()) {
                    try {
                        context.provider().removeListeningPoint(lp);
                    } catch (Exception e) {
                        LOG.log(Level.FINE, "removing listening point", e);
                    }
                }
            }
            stack.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "SIP stack did not stop cleanly", e);
        } finally {
            if (stack instanceof SipStackImpl impl && impl.getEventScanner() != null) {
                impl.getEventScanner().forceStop();
            }
            eventScanners.forEach(Thread::interrupt);
            eventScanners = Set.of();
            receivers = Set.of();
            receiveLag.clear();
            SipFactory.getInstance().resetFactory();
            stack = null;
            context = null;
            LOG.info("SIP stack stopped");
        }
    }

    private static Set<Thread> eventScannerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> EVENT_SCANNER.equals(t.getName()))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .collect(Collectors.toSet());
    }
}
