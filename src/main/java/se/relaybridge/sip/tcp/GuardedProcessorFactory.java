package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.ListeningPoint;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The stack's listening points: TCP behind {@link ConnectionGuard}, UDP and TLS as the RI makes them. TLS keeps the
 * RI's own processor, whose peer-certificate checks the trunks' mutual TLS relies on (docs/availability.md).
 */
public final class GuardedProcessorFactory extends OIOMessageProcessorFactory {

    private final ConnectionGuard guard;

    public GuardedProcessorFactory(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
            return new GuardedTcpProcessor(address, stack, port, guard);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
