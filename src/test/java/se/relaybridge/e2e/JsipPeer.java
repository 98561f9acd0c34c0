package se.relaybridge.e2e;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A JAIN SIP stack in the test JVM playing one side of a call (SIPp on this machine has no TLS). Each peer has
 * its own stack name and its own per-stack TLS stores, as relaybridge's stack does.
 */
abstract class JsipPeer implements SipListener, AutoCloseable {

    protected final SipStackImpl stack;
    protected final SipProvider provider;
    protected final MessageFactory messages = new MessageFactoryImpl();
    protected final HeaderFactory headers = new HeaderFactoryImpl();
    protected final AddressFactory addresses = new AddressFactoryImpl();
    protected final String host;
    private final Set<Thread> eventScanners;

    /**
     * @param transports transport to port, all on {@code host}
     * @param keyStore   this peer's certificate (for TLS), or null
     */
    JsipPeer(String name, String host, Map<String, Integer> transports, Path keyStore, TestPki pki)
            throws Exception {
        this.host = host;
        Properties props = new Properties();
        props.setProperty("javax.sip.STACK_NAME", name);
        props.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        props.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        if (keyStore != null) {
            props.setProperty("javax.net.ssl.keyStore", keyStore.toString());
            props.setProperty("javax.net.ssl.keyStorePassword", pki.password());
            props.setProperty("javax.net.ssl.keyStoreType", "PKCS12");
            props.setProperty("javax.net.ssl.trustStore", pki.trustStore().toString());
            props.setProperty("javax.net.ssl.trustStorePassword", pki.password());
            props.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
            props.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2");
            props.setProperty("gov.nist.javax.sip.ENABLED_CIPHER_SUITES",
                    "TLS_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        }
        Set<Thread> scannersBefore = eventScanners();
        stack = new SipStackImpl(props);
        SipProvider first = null;
        for (Map.Entry<String, Integer> t : transports.entrySet()) {
            ListeningPoint lp = stack.createListeningPoint(host, t.getValue(), t.getKey());
            if (first == null) {
                first = stack.createSipProvider(lp);
            } else {
                first.addListeningPoint(lp);
            }
        }
        provider = first;
        provider.addSipListener(this);
        stack.start();
        eventScanners = eventScanners();
        eventScanners.removeAll(scannersBefore);
    }

    /**
     * Sends {@code method} in {@code dialog} to {@code hostPort} instead of the dialog's remote target, as the front
     * proxy does when the node that set the dialog up is gone (issue 14).
     */
    ClientTransaction sendInDialogTo(Dialog dialog, String method, String hostPort) throws Exception {
        return sendInDialogTo(dialog, method, hostPort, null);
    }

    /** As above, with {@code sdp} as the body (a re-INVITE) and this peer's Contact, and {@code extra} headers. */
    ClientTransaction sendInDialogTo(Dialog dialog, String method, String hostPort, String sdp,
                                     javax.sip.header.Header... extra) throws Exception {
        javax.sip.message.Request request = dialog.createRequest(method);
        request.setRequestURI(addresses.createSipURI(null, hostPort));
        for (javax.sip.header.Header header : extra) {
            request.setHeader(header);
        }
        if (sdp != null) {
            javax.sip.address.SipURI contact = addresses.createSipURI("peer", host);
            contact.setPort(provider.getListeningPoints()[0].getPort());
            request.setHeader(headers.createContactHeader(addresses.createAddress(contact)));
            request.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        }
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        dialog.sendRequest(transaction);
        return transaction;
    }

    @Override
    public void close() {
        for (ListeningPoint lp : provider.getListeningPoints()) {
            try {
                provider.removeListeningPoint(lp);
            } catch (Exception e) {
                // closing anyway
            }
        }
        stack.stop();
        // the RI leaves its event scanner blocked after stop() (see notes/payara-jain-sip.md)
        if (stack.getEventScanner() != null) {
            stack.getEventScanner().forceStop();
        }
        eventScanners.forEach(Thread::interrupt);
    }

    private static Set<Thread> eventScanners() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> "EventScannerThread".equals(t.getName()))
                .collect(Collectors.toCollection(HashSet::new));
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
    }
}
