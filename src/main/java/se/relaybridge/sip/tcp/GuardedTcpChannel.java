package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TCPMessageProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted TCP connection that knows when it last delivered a whole message, for {@link ConnectionGuard}'s
 * audit of idle strangers, and tells the guard when it closes. Its own reader thread delivers the messages, the
 * audit thread reads the time: hence volatile.
 */
final class GuardedTcpChannel extends TCPMessageChannel implements GuardedConnection {

    private final ConnectionGuard guard;
    private final InetAddress source;
    private final Socket socket;
    private final AtomicBoolean told = new AtomicBoolean();
    private volatile long lastMessage = System.nanoTime();

    GuardedTcpChannel(Socket socket, SIPTransactionStack stack, TCPMessageProcessor processor, String threadName,
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
    public void close(boolean removeSocket, boolean stopKeepAliveTask) {
        try {
            super.close(removeSocket, stopKeepAliveTask);
        } finally {
            if (told.compareAndSet(false, true)) {
                guard.closed(this);
            }
        }
    }
}
