package se.relaybridge.demo;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

import javax.sip.ListeningPoint;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * One JAIN SIP stack of the demo, listening on one UDP address. Made with {@code new SipStackImpl} and the RI's
 * factories directly, not through {@code SipFactory}: the factory is a JVM-wide singleton that caches stacks by
 * name and that relaybridge's own stack resets when it stops, so sharing it would tie the demo's stacks and
 * relaybridge's together.
 */
final class DemoStack {

    private static final Logger LOG = Logger.getLogger(DemoStack.class.getName());
    private static final String EVENT_SCANNER = "EventScannerThread";

    final MessageFactory messages = new MessageFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final AddressFactory addresses = new AddressFactoryImpl();
    final SipProvider provider;
    final String host;
    final int port;
    private final SipStackImpl stack;
    private final Set<Thread> eventScanners;

    private DemoStack(SipStackImpl stack, SipProvider provider, String host, int port, Set<Thread> eventScanners) {
        this.stack = stack;
        this.provider = provider;
        this.host = host;
        this.port = port;
        this.eventScanners = eventScanners;
    }

    /**
     * Starts a stack on {@code host}, on the first port of {@code ports} that is free.
     *
     * @throws IOException when none is free or the address is not one of this machine's
     */
    static DemoStack start(String name, String host, DemoSettings.PortRange ports, SipListener listener) throws IOException {
        Set<Thread> scannersBefore = eventScanners();
        SipStackImpl stack;
        try {
            stack = new SipStackImpl(properties(name));
        } catch (Exception e) {
            throw new IOException("JAIN SIP stack " + name + " cannot be created: " + e.getMessage(), e);
        }
        Exception last = null;
        int from = ports.any() ? 1 : ports.from();
        int to = ports.any() ? 5 : ports.to();
        for (int p = from; p <= to; p++) {
            try {
                int port = ports.any() ? freePort(host) : p;
                ListeningPoint lp = stack.createListeningPoint(host, port, ListeningPoint.UDP);
                SipProvider provider = stack.createSipProvider(lp);
                provider.addSipListener(listener);
                stack.start();
                Set<Thread> scanners = eventScanners();
                scanners.removeAll(scannersBefore);
                return new DemoStack(stack, provider, host, port, scanners);
            } catch (Exception e) {
                last = e;
            }
        }
        Set<Thread> scanners = eventScanners();
        scanners.removeAll(scannersBefore);
        new DemoStack(stack, null, host, 0, scanners).stop();
        String where = ports.any() ? host : host + ":" + ports.from() + (ports.to() > ports.from() ? "-" + ports.to() : "");
        throw new IOException("cannot listen for SIP (UDP) on " + where + ": "
                + (last == null ? "no port to try" : last.getMessage()), last);
    }

    /** Removes the listening point and provider, stops the stack and ends the event scanner it leaves behind. */
    void stop() {
        try {
            if (provider != null) {
                for (ListeningPoint lp : provider.getListeningPoints()) {
                    try {
                        provider.removeListeningPoint(lp);
                    } catch (Exception e) {
                        LOG.log(Level.FINE, "removing listening point", e);
                    }
                }
                try {
                    stack.deleteSipProvider(provider);
                } catch (Exception e) {
                    LOG.log(Level.FINE, "deleting SIP provider", e);
                }
            }
            stack.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "demo SIP stack " + stack.getStackName() + " did not stop cleanly", e);
        } finally {
            // the RI leaves its event scanner blocked after stop(); see SipStackRunner
            if (stack.getEventScanner() != null) {
                stack.getEventScanner().forceStop();
            }
            eventScanners.forEach(Thread::interrupt);
        }
    }

    String hostPort() {
        return host + ":" + port;
    }

    private static Properties properties(String name) {
        // modelled on sip-config/stack.properties, as a plain UA: the stack keeps the dialogs
        Properties props = new Properties();
        props.setProperty("javax.sip.STACK_NAME", name);
        props.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        props.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        props.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "1");
        props.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        // message logging would write the (fictitious, but still) numbers to disk
        props.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        props.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return props;
    }

    private static int freePort(String host) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static Set<Thread> eventScanners() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> EVENT_SCANNER.equals(t.getName()))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
