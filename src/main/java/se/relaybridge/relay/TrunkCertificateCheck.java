package se.relaybridge.relay;

import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Mutual TLS for relay trunks: a trunk whose profile names a {@code tlsSubject} is trusted only over TLS with
 * a client certificate of exactly that subject. A source address alone can be spoofed (UDP) or shared; the
 * certificate proves which relay provider is calling. The chain itself was already verified by JSSE against
 * relaybridge's trust store during the handshake; this check decides whose certificate it is.
 */
public final class TrunkCertificateCheck {

    /** The outcome; every verdict but the first two refuses the call. */
    public enum Verdict {
        NOT_REQUIRED, VERIFIED, NOT_OVER_TLS, NO_CERTIFICATE, WRONG_SUBJECT;

        public boolean accepted() {
            return this == NOT_REQUIRED || this == VERIFIED;
        }
    }

    private TrunkCertificateCheck() {
    }

    /**
     * @param transport the transport the request really arrived on ({@code udp}, {@code tcp}, {@code tls})
     * @param peerChain the verified client certificate chain, leaf first; asked for only when needed
     */
    public static Verdict check(TrunkSpec trunk, String transport, Supplier<List<X509Certificate>> peerChain) {
        String subject = trunk == null ? null : trunk.tlsSubject();
        if (subject == null || subject.isBlank()) {
            return Verdict.NOT_REQUIRED;
        }
        if (!"tls".equalsIgnoreCase(transport)) {
            return Verdict.NOT_OVER_TLS;
        }
        List<X509Certificate> chain = peerChain.get();
        if (chain == null || chain.isEmpty()) {
            return Verdict.NO_CERTIFICATE;
        }
        // X500Principal equality compares canonical forms: spacing and case of attribute values do not matter,
        // the order of the RDNs does.
        return chain.get(0).getSubjectX500Principal().equals(subjectOf(subject)) ? Verdict.VERIFIED
                : Verdict.WRONG_SUBJECT;
    }

    /** The profile's {@code trunk.tlsSubject} as an X.500 name; throws IllegalArgumentException when it is none. */
    public static X500Principal subjectOf(String tlsSubject) {
        return new X500Principal(tlsSubject.trim());
    }
}
