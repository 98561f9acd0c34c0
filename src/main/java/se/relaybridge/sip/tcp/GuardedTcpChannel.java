package se.relaybridge.sip.tcp;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.NioTcpMessageChannel;
import gov.nist.javax.sip.stack.NioTcpMessageProcessor;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted TCP connection that knows how long its current message has been half-sent and how long it has been
 * silent, for {@link ConnectionGuard}'s audit; it tells the guard when it closes. Bytes arrive on the stack's
 * selector thread and whole messages leave on its parser's, so the times are volatile.
 */
final class GuardedTcpChannel extends NioTcpMessageChannel {

    private final ConnectionGuard guard;
    private final InetAddress source;
    private final AtomicBoolean told = new AtomicBoolean();
    private volatile long lastBytes = System.nanoTime();
    /** When the first byte of a message not yet complete came; 0 between messages. */
    private volatile long halfSentSince;

    GuardedTcpChannel(NioTcpMessageProcessor processor, SocketChannel client, ConnectionGuard guard)
            throws IOException {
        super(processor, client);
        this.messageProcessor = processor;
        this.guard = guard;
        this.source = client.socket().getInetAddress();
    }

    InetAddress source() {
        return source;
    }

    boolean isOpen() {
        return socketChannel.isOpen();
    }

    long halfSentFor(long now) {
        long since = halfSentSince;
        return since == 0 ? 0 : now - since;
    }

    long idleFor(long now) {
        return now - lastBytes;
    }

    @Override
    protected void addBytes(byte[] bytes) throws Exception {
        long now = System.nanoTime();
        lastBytes = now;
        if (halfSentSince == 0 && !onlyLineBreaks(bytes)) {
            halfSentSince = now;
        }
        try {
            super.addBytes(bytes);
        } catch (StackOverflowError e) {
            // the RI parses on the selector thread, recursively: a message nested too deep must cost its own
            // connection (the IOException closes it), never the thread that reads every other connection
            throw new IOException("message nested too deeply to parse", e);
        }
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        // the whole message is here; bytes of the next that came with it count from their next read
        halfSentSince = 0;
        super.processMessage(message);
    }

    @Override
    protected void close(boolean removeSocket, boolean stopKeepAliveTask) {
        try {
            super.close(removeSocket, stopKeepAliveTask);
        } finally {
            if (told.compareAndSet(false, true)) {
                guard.closed(this);
            }
        }
    }

    // RFC 5626 §4.4.1 keep-alives (CRLF CRLF) are whole on their own
    private static boolean onlyLineBreaks(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
