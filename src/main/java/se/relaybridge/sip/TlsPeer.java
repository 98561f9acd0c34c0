package se.relaybridge.sip;

import gov.nist.javax.sip.TransactionExt;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.sip.ServerTransaction;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the connection a request arrived on says about its sender: the transport actually used (not the one
 * its Via claims) and, over TLS, the client certificate chain JSSE verified against the trust store.
 */
public final class TlsPeer {

    private TlsPeer() {
    }

    /** {@code udp}, {@code tcp}, {@code tls}... of the connection the transaction's request came in on. */
    public static String transportOf(ServerTransaction transaction) {
        String transport = transaction instanceof TransactionExt ext ? ext.getTransport() : null;
        return transport == null ? "" : transport.toLowerCase(Locale.ROOT);
    }

    /**
     * The client certificate chain, leaf first; empty when the connection is not TLS or the client sent none.
     * The RI may wait (at most 5 s) for JSSE's handshake-completed notification, which it delivers on its own
     * thread: call this from a call's executor, never from a SIP stack thread.
     */
    public static List<X509Certificate> certificatesOf(ServerTransaction transaction) {
        if (!(transaction instanceof TransactionExt ext)) {
            return List.of();
        }
        try {
            Certificate[] chain = ext.getPeerCertificates();
            return chain == null ? List.of() : Arrays.stream(chain)
                    .filter(X509Certificate.class::isInstance).map(X509Certificate.class::cast).toList();
        } catch (SSLPeerUnverifiedException | UnsupportedOperationException e) {
            // no certificate was sent, or the channel is not TLS at all
            return List.of();
        }
    }
}
