package se.relaybridge.sip;

import gov.nist.core.net.SslNetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.SipException;
import javax.sip.SipStack;
import java.io.IOException;
import java.lang.reflect.Field;
import java.security.GeneralSecurityException;

/**
 * Gives a stack the TLS stores of {@code sip.json}, whatever the JVM's system properties say. The RI (1.3.0-91)
 * reads its stack properties through {@code MergedSystemProperties}, where a system property wins over the stack's
 * own; Payara Micro sets {@code javax.net.ssl.keyStore} and {@code trustStore} to its own stores, so in the
 * deployed microbundle SIP over TLS presented Payara's certificate and trusted Payara's CAs instead of the relay
 * trunks' (and asked no trunk for a certificate it could send). The stack's network layer, made in its constructor
 * from those merged properties, is replaced by the same RI class made from sip.json's stores, before any listening
 * point or connection is opened.
 */
final class TlsNetworkLayer {

    private TlsNetworkLayer() {
    }

    static void install(SipStack stack, TlsSettings tls) throws SipException {
        if (!(stack instanceof SipStackImpl impl)) {
            throw new SipException("SIP over TLS needs the JAIN SIP RI's stack, not " + stack.getClass().getName());
        }
        try {
            SslNetworkLayer layer = new SslNetworkLayer(impl, tls.trustStore(), tls.keyStore(),
                    tls.keyStorePassword().toCharArray(), tls.trustStorePassword().toCharArray(),
                    TlsStoreFiles.STORE_TYPE, TlsStoreFiles.STORE_TYPE);
            Field field = SIPTransactionStack.class.getDeclaredField("networkLayer");
            field.setAccessible(true);
            field.set(impl, layer);
        } catch (GeneralSecurityException | IOException e) {
            throw new SipException("SIP TLS stores cannot be opened: " + e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new SipException("this JAIN SIP RI keeps its network layer elsewhere; SIP over TLS cannot use the"
                    + " stores of sip.json", e);
        }
    }
}
