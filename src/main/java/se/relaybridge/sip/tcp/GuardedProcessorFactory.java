package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import se.relaybridge.sip.udp.OneBufferUdpProcessor;
import se.relaybridge.sip.udp.ReceiveLag;

import javax.sip.ListeningPoint;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The stack's listening points: TCP and TLS behind {@link ConnectionGuard} (TLS keeps the RI's server socket,
 * handshake and peer-certificate checks, which the trunks' mutual TLS relies on; only its accept loop is guarded),
 * UDP received into one buffer ({@link OneBufferUdpProcessor}); docs/availability.md, docs/sip-edge.md.
 */
public final class GuardedProcessorFactory extends OIOMessageProcessorFactory {

    /** The RI's largest datagram (SipStackImpl.MAX_DATAGRAM_SIZE). */
    private static final int MAX_DATAGRAM = 64 * 1024;

    private final ConnectionGuard guard;
    private final int udpThreads;
    private final ReceiveLag receiveLag;

    /**
     * {@code udpThreads}: the stack's THREAD_POOL_SIZE; below 1 (a thread per message) UDP stays the RI's.
     * {@code receiveLag} learns each UDP listening point made here.
     */
    public GuardedProcessorFactory(ConnectionGuard guard, int udpThreads, ReceiveLag receiveLag) {
        this.guard = guard;
        this.udpThreads = udpThreads;
        this.receiveLag = receiveLag;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
            return new GuardedTcpProcessor(address, stack, port, guard);
        }
        if (ListeningPoint.TLS.equalsIgnoreCase(transport)) {
            return new GuardedTlsProcessor(address, stack, port, guard);
        }
        if (ListeningPoint.UDP.equalsIgnoreCase(transport) && udpThreads > 0) {
            int max = stack.getMaxMessageSize();
            return new OneBufferUdpProcessor(address, stack, port, udpThreads, max > 0 && max < MAX_DATAGRAM ? max : MAX_DATAGRAM,
                    receiveLag);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
