package se.relaybridge.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.relaybridge.relay.TrunkCertificateCheck.Verdict;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrunkCertificateCheckTest {

    /** Self-signed, public part only (no key is committed); subject CN=texttelefoni.example,O=Texttelefoni test,C=SE. */
    private static final String TRUNK_PEM = """
-----BEGIN CERTIFICATE-----
MIIBqjCCAVCgAwIBAgIJAMOrccrm7PeWMAoGCCqGSM49BAMCMEgxCzAJBgNVBAYT
AlNFMRowGAYDVQQKExFUZXh0dGVsZWZvbmkgdGVzdDEdMBsGA1UEAxMUdGV4dHRl
bGVmb25pLmV4YW1wbGUwIBcNMjYxMTI1MjExMDMwWhgPMjEyNjExMDEyMTEwMzBa
MEgxCzAJBgNVBAYTAlNFMRowGAYDVQQKExFUZXh0dGVsZWZvbmkgdGVzdDEdMBsG
A1UEAxMUdGV4dHRlbGVmb25pLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAARhj2JLxNGmorHsCnFQDeDdYEi4WMkOYjk2DU2ezI2O1lzb48NHm5kzCB1+
IhAZ0wdIQC+oquNE28mGcl16hUqOoyEwHzAdBgNVHQ4EFgQU4qndEvAEgB/hLcXv
6iwIkcvywFEwCgYIKoZIzj0EAwIDSAAwRQIgHPof5F4iAibgPN7iIDe4rXvX5CiK
oXOeO9taKgtX1/QCIQDCN4q9CFHN/gGfBbEbRqpJX5BQi431mj5o1YFM7mbjYw==
-----END CERTIFICATE-----
            """;
    /** Self-signed, public part only; subject CN=impostor.example,O=Texttelefoni test,C=SE. */
    private static final String IMPOSTOR_PEM = """
-----BEGIN CERTIFICATE-----
MIIBojCCAUegAwIBAgIIAImAAItwzpEwCgYIKoZIzj0EAwIwRDELMAkGA1UEBhMC
U0UxGjAYBgNVBAoTEVRleHR0ZWxlZm9uaSB0ZXN0MRkwFwYDVQQDExBpbXBvc3Rv
ci5leGFtcGxlMCAXDTI2MTEyNTIxMTAzMVoYDzIxMjYxMTAxMjExMDMxWjBEMQsw
CQYDVQQGEwJTRTEaMBgGA1UEChMRVGV4dHRlbGVmb25pIHRlc3QxGTAXBgNVBAMT
EGltcG9zdG9yLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS1E2wb
ZPcQ5hgtIUOipp8LK4ko2Ay9r2dggFii0ulwnDAKpQ1MOs6gL7dDNV0aBtPt7/NR
bIWlOB0uG3/UqHqooyEwHzAdBgNVHQ4EFgQUvEjQt7FBbjaQk5R/I56MvhCrtRIw
CgYIKoZIzj0EAwIDSQAwRgIhAMw3nwyHapkHQcrHAUm/0UjqxKHgx1MsqRm3QAJU
/2BmAiEAk0Oh/1HhDBedmBEW0jh6gzzp45Z+XKmokq0eLmS8m0I=
-----END CERTIFICATE-----
            """;
    private static final String SUBJECT = "CN=texttelefoni.example,O=Texttelefoni test,C=SE";

    @Test
    void trunkWithoutSubjectNeedsNoCertificate() {
        AtomicBoolean asked = new AtomicBoolean();
        Supplier<List<X509Certificate>> chain = () -> {
            asked.set(true);
            return List.of();
        };

        assertThat(TrunkCertificateCheck.check(trunk(null), "udp", chain)).isEqualTo(Verdict.NOT_REQUIRED);
        assertThat(TrunkCertificateCheck.check(trunk("  "), "tcp", chain)).isEqualTo(Verdict.NOT_REQUIRED);
        assertThat(TrunkCertificateCheck.check(null, "udp", chain)).isEqualTo(Verdict.NOT_REQUIRED);
        assertThat(asked).as("the peer certificates are not looked at").isFalse();
        assertThat(Verdict.NOT_REQUIRED.accepted()).isTrue();
    }

    @Test
    void rightSubjectOverTlsIsVerified() {
        Verdict verdict = TrunkCertificateCheck.check(trunk(SUBJECT), "tls", () -> List.of(cert(TRUNK_PEM)));

        assertThat(verdict).isEqualTo(Verdict.VERIFIED);
        assertThat(verdict.accepted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CN=texttelefoni.example, O=Texttelefoni test, C=SE",
            "cn=texttelefoni.example,o=Texttelefoni test,c=SE",
            "CN=TextTelefoni.Example,O=texttelefoni TEST,C=se",
            " CN=texttelefoni.example,O=Texttelefoni test,C=SE "})
    void subjectsAreComparedAsX500NamesNotAsText(String written) {
        assertThat(TrunkCertificateCheck.check(trunk(written), "TLS", () -> List.of(cert(TRUNK_PEM))))
                .isEqualTo(Verdict.VERIFIED);
    }

    @Test
    void otherSubjectIsRefused() {
        Verdict verdict = TrunkCertificateCheck.check(trunk(SUBJECT), "tls", () -> List.of(cert(IMPOSTOR_PEM)));

        assertThat(verdict).isEqualTo(Verdict.WRONG_SUBJECT);
        assertThat(verdict.accepted()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CN=texttelefoni.example",
            "C=SE,O=Texttelefoni test,CN=texttelefoni.example",
            "CN=texttelefoni.example,O=Texttelefoni test,C=SE,OU=extra"})
    void aPartOrAnotherOrderOfTheSubjectIsNotTheSubject(String written) {
        assertThat(TrunkCertificateCheck.check(trunk(written), "tls", () -> List.of(cert(TRUNK_PEM))))
                .isEqualTo(Verdict.WRONG_SUBJECT);
    }

    @Test
    void onlyTheLeafCertificateCounts() {
        assertThat(TrunkCertificateCheck.check(trunk(SUBJECT), "tls", () -> List.of(cert(IMPOSTOR_PEM), cert(TRUNK_PEM))))
                .isEqualTo(Verdict.WRONG_SUBJECT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp", "ws", ""})
    void trunkWithSubjectIsRefusedWithoutTls(String transport) {
        X509Certificate right = cert(TRUNK_PEM);
        assertThat(TrunkCertificateCheck.check(trunk(SUBJECT), transport, () -> List.of(right)))
                .isEqualTo(Verdict.NOT_OVER_TLS);
    }

    @Test
    void tlsWithoutClientCertificateIsRefused() {
        assertThat(TrunkCertificateCheck.check(trunk(SUBJECT), "tls", List::of)).isEqualTo(Verdict.NO_CERTIFICATE);
        assertThat(TrunkCertificateCheck.check(trunk(SUBJECT), "tls", () -> null)).isEqualTo(Verdict.NO_CERTIFICATE);
    }

    @Test
    void subjectThatIsNoX500NameIsRejected() {
        assertThatThrownBy(() -> TrunkCertificateCheck.subjectOf("texttelefoni.example"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TrunkSpec trunk(String tlsSubject) {
        return new TrunkSpec(List.of("127.0.0.11/32"), List.of("tls"), tlsSubject, null, null);
    }

    private static X509Certificate cert(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.strip().getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
