package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stack's TCP listening point with every accepted client passed through {@link ConnectionGuard}: a client over a
 * limit is closed before a byte is read, so it never gets a reader thread. This is the RI's own accept loop
 * ({@code TCPMessageProcessor.run}) with the guard in it; the RI's TCP transport is otherwise unchanged, since its NIO
 * transport lost the first request to a queue target that had re-opened its connection (docs/availability.md).
 */
final class GuardedTcpProcessor extends TCPMessageProcessor {

    private static final Logger LOG = Logger.getLogger(GuardedTcpProcessor.class.getName());

    private final ConnectionGuard guard;
    private final AtomicLong accepted = new AtomicLong();

    GuardedTcpProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionGuard guard) {
        super(address, stack, port);
        this.guard = guard;
    }

    @Override
    public void run() {
        while (isRunning) {
            Socket client;
            try {
                client = sock.accept();
            } catch (SocketException closed) {
                isRunning = false; // the listening point was removed
                return;
            } catch (IOException e) {
                LOG.log(Level.FINE, "TCP accept failed", e);
                continue;
            }
            try {
                if (!guard.admit(client.getInetAddress())) {
                    client.close();
                    continue;
                }
                GuardedTcpChannel channel = new GuardedTcpChannel(client, sipStack, this,
                        "TCPMessageChannelThread-" + accepted.incrementAndGet(), guard);
                guard.opened(channel);
                incomingMessageChannels.put(channel.getKey(), channel);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "TCP client dropped at accept", e);
                try {
                    client.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    @Override
    public void start() throws IOException {
        super.start();
        guard.start();
    }

    @Override
    public synchronized void stop() {
        guard.stop();
        super.stop();
    }
}
