package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;

/** The stack's NIO TCP listening point, with every accepted client passed through {@link ConnectionGuard}. */
final class GuardedTcpProcessor extends NioTcpMessageProcessor {

    private final ConnectionGuard guard;

    GuardedTcpProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionGuard guard) {
        super(address, stack, port);
        this.guard = guard;
    }

    /**
     * Called by the selector thread for each accepted client. One over a limit is closed before it is read; the
     * IOException tells the selector loop to go on without it.
     */
    @Override
    public NioTcpMessageChannel createMessageChannel(NioTcpMessageProcessor processor, SocketChannel client)
            throws IOException {
        NioTcpMessageChannel known = nioHandler.getMessageChannel(client);
        if (known != null) {
            return known;
        }
        if (!guard.admit(client.socket().getInetAddress())) {
            client.close();
            throw new IOException("connection refused by relaybridge's TCP limits");
        }
        GuardedTcpChannel channel = new GuardedTcpChannel(processor, client, guard);
        nioHandler.putMessageChannel(client, channel);
        guard.opened(channel);
        return channel;
    }

    @Override
    public void start() throws IOException {
        super.start();
        guard.start();
    }

    @Override
    public void stop() {
        guard.stop();
        super.stop();
    }
}
