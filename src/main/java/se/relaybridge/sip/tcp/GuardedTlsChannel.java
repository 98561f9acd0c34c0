package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TLSMessageChannel;
import gov.nist.javax.sip.stack.TLSMessageProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted TLS connection kept by {@link ConnectionGuard} as a TCP one is ({@link GuardedTcpChannel}). The RI ends
 * a connection whose handshake failed or timed out (its {@code SSL_HANDSHAKE_TIMEOUT}) by closing the socket without
 * {@link #close(boolean, boolean)}, so the guard is told also when the channel's thread ends with its socket closed.
 */
final class GuardedTlsChannel extends TLSMessageChannel implements GuardedConnection {

    private final ConnectionGuard guard;
    private final InetAddress source;
    private final Socket socket;
    private final AtomicBoolean told = new AtomicBoolean();
    private volatile long lastMessage = System.nanoTime();

    GuardedTlsChannel(Socket socket, SIPTransactionStack stack, TLSMessageProcessor processor, String threadName,
                      ConnectionGuard guard) throws IOException {
        super(socket, stack, processor, threadName);
        this.guard = guard;
        this.socket = socket;
        this.source = socket.getInetAddress();
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    @Override
    public long silentFor(long now) {
        return now - lastMessage;
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        lastMessage = System.nanoTime();
        super.processMessage(message);
    }

    @Override
    public void run() {
        try {
            super.run();
        } finally {
            if (socket.isClosed()) {
                release();
            }
        }
    }

    @Override
    public void close(boolean removeSocket, boolean stopKeepAliveTask) {
        try {
            super.close(removeSocket, stopKeepAliveTask);
        } finally {
            release();
        }
    }

    private void release() {
        if (told.compareAndSet(false, true)) {
            guard.closed(this);
        }
    }
}
