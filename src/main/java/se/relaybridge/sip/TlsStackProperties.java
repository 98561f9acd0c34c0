package se.relaybridge.sip;

import java.util.Map;
import java.util.Properties;

/**
 * The JAIN SIP RI stack properties for {@link TlsSettings}. The RI (1.3.0-91) reads the {@code javax.net.ssl.*}
 * names from the Properties given to {@code createSipStack}, not from the system properties: {@code SipStackImpl}
 * builds its {@code SslNetworkLayer} from them (the blocking TLS transport used here) and passes them to
 * {@code DefaultSecurityManagerProvider} (the NIO one). So every stack in a JVM has its own stores, and the
 * process-wide {@code -Djavax.net.ssl.*} must never be set.
 */
final class TlsStackProperties {

    /** clientAuth of sip.json to the RI's {@code ClientAuthType} names. */
    private static final Map<String, String> CLIENT_AUTH = Map.of(
            "want", "Want",      // SSLServerSocket.setWantClientAuth(true)
            "need", "Enabled",   // SSLServerSocket.setNeedClientAuth(true)
            "none", "Disabled"); // no certificate asked for; not "DisabledAll", which also skips all validation

    /**
     * Applied only when stack.properties does not choose: the RI's own defaults are TLSv1/1.1/1.2 and
     * non-forward-secret RSA or anonymous suites, which Java 17 mostly refuses anyway.
     */
    private static final Map<String, String> DEFAULTS = Map.of(
            "gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.3,TLSv1.2",
            "gov.nist.javax.sip.ENABLED_CIPHER_SUITES", String.join(",",
                    "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
            // A peer that connects and never completes the handshake would hold its connection for ever.
            "gov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT", "10000");

    private TlsStackProperties() {
    }

    /** Adds the TLS properties to {@code props}: the stores always, the defaults where props has no value. */
    static void addTo(Properties props, TlsSettings tls) {
        DEFAULTS.forEach(props::putIfAbsent);
        props.setProperty("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", CLIENT_AUTH.get(tls.clientAuth()));
        props.setProperty("javax.net.ssl.keyStore", tls.keyStore());
        props.setProperty("javax.net.ssl.keyStorePassword", tls.keyStorePassword());
        props.setProperty("javax.net.ssl.keyStoreType", TlsStoreFiles.STORE_TYPE);
        props.setProperty("javax.net.ssl.trustStore", tls.trustStore());
        props.setProperty("javax.net.ssl.trustStorePassword", tls.trustStorePassword());
        props.setProperty("javax.net.ssl.trustStoreType", TlsStoreFiles.STORE_TYPE);
    }
}
