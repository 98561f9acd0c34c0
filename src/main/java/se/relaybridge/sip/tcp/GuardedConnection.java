package se.relaybridge.sip.tcp;

import java.net.InetAddress;

/**
 * An accepted TCP or TLS connection as {@link ConnectionGuard} sees it: whose it is, whether it is still open, how
 * long it has delivered no whole message, and how to close it.
 */
interface GuardedConnection {

    InetAddress source();

    boolean isOpen();

    long silentFor(long now);

    void close();
}
