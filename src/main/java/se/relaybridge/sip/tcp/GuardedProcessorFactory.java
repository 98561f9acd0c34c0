package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.NioMessageProcessorFactory;
import gov.nist.javax.sip.stack.OIOMessageProcessorFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.ListeningPoint;
import java.io.IOException;
import java.net.InetAddress;

/**
 * The stack's listening points: TCP on NIO behind {@link ConnectionGuard} (one selector thread for every
 * connection, instead of the RI's default thread per connection), UDP as the RI makes it. TLS stays on the RI's
 * blocking processor, whose peer-certificate checks the trunks' mutual TLS relies on; its connections are bounded
 * by the stack's {@code MAX_CONNECTIONS} (docs/availability.md). Extends the RI's NIO factory because the stack
 * tests for it when it picks a local address for outgoing TCP.
 */
public final class GuardedProcessorFactory extends NioMessageProcessorFactory {

    private final ConnectionGuard guard;
    private final OIOMessageProcessorFactory blocking = new OIOMessageProcessorFactory();

    public GuardedProcessorFactory(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public MessageProcessor createMessageProcessor(SIPTransactionStack stack, InetAddress address, int port,
                                                   String transport) throws IOException {
        if (ListeningPoint.TCP.equalsIgnoreCase(transport)) {
            return new GuardedTcpProcessor(address, stack, port, guard);
        }
        if (ListeningPoint.TLS.equalsIgnoreCase(transport)) {
            return blocking.createMessageProcessor(stack, address, port, transport);
        }
        return super.createMessageProcessor(stack, address, port, transport);
    }
}
