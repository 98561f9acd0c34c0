package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stack's TLS listening point behind {@link ConnectionGuard}, with the same limits as TCP (docs/sip-edge.md): a
 * client over a limit is closed at accept, before its handshake, so it never gets a thread. The RI's own TLS server
 * socket, handshake (its peer-certificate checks, on which the trunks' mutual TLS relies) and channel are kept; only
 * its accept loop ({@code TLSMessageProcessor.run}) is this one, with the guard in it.
 */
final class GuardedTlsProcessor extends TLSMessageProcessor {

    private static final Logger LOG = Logger.getLogger(GuardedTlsProcessor.class.getName());

    private final ConnectionGuard guard;
    private final AtomicLong accepted = new AtomicLong();

    GuardedTlsProcessor(InetAddress address, SIPTransactionStack stack, int port, ConnectionGuard guard) {
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
                LOG.log(Level.FINE, "TLS accept failed", e);
                continue;
            }
            try {
                if (!guard.admit(client.getInetAddress())) {
                    client.close();
                    continue;
                }
                // the handshake runs on the channel's own thread, bounded by the stack's SSL_HANDSHAKE_TIMEOUT
                GuardedTlsChannel channel = new GuardedTlsChannel(client, sipStack, this,
                        "TLSMessageChannelThread-" + accepted.incrementAndGet(), guard);
                guard.opened(channel);
                if (channel.isHandshakeCompleted()) {
                    // as the RI: a channel whose handshake may still fail is not cached for sending
                    incomingMessageChannels.put(channel.getKey(), channel);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "TLS client dropped at accept", e);
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
        // the RI's stop() closes only the channels it cached: those still in their handshake are closed here
        guard.closeAll(GuardedTlsChannel.class::isInstance);
    }
}
