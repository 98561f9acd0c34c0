package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;

import java.util.List;
import java.util.Locale;

/**
 * The {@code tls} object of {@code sip-config/sip.json}: the PKCS12 key store holding relaybridge's own
 * certificate, the trust store of the CAs whose client certificates it accepts, and whether it asks TLS
 * clients for a certificate. Store paths are relative to {@code sip-config/}; a password written as
 * {@code ${NAME}} is read from the system property or environment variable NAME, so it need not sit in the file.
 */
public record TlsSettings(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword,
                          String clientAuth) {

    /** {@code want}: ask for a client certificate, but let trunks without mutual TLS connect too. */
    public static final String DEFAULT_CLIENT_AUTH = "want";
    static final List<String> CLIENT_AUTH = List.of("want", "need", "none");

    /**
     * Checks what can be checked without touching the disk and fills the defaults: {@code clientAuth} is
     * {@code want} and a missing {@code trustStorePassword} is the key store's (as JSSE and the RI assume).
     */
    public TlsSettings validated(String file) {
        requirePresent(file, "tls.keyStore", keyStore);
        requirePresent(file, "tls.keyStorePassword", keyStorePassword);
        // An explicit trust store: falling back to the key store would silently trust whatever it holds.
        requirePresent(file, "tls.trustStore", trustStore);
        String auth = clientAuth == null || clientAuth.isBlank() ? DEFAULT_CLIENT_AUTH
                : clientAuth.trim().toLowerCase(Locale.ROOT);
        if (!CLIENT_AUTH.contains(auth)) {
            throw new ConfigProblem(file, "tls.clientAuth", "'" + clientAuth + "' is not one of " + CLIENT_AUTH);
        }
        String trustPassword = trustStorePassword == null || trustStorePassword.isEmpty() ? keyStorePassword
                : trustStorePassword;
        return new TlsSettings(keyStore.trim(), keyStorePassword, trustStore.trim(), trustPassword, auth);
    }

    /** Never shows the passwords: settings end up in logs and exception messages. */
    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + ", trustStore=" + trustStore + ", clientAuth=" + clientAuth
                + ", passwords=***]";
    }

    private static void requirePresent(String file, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigProblem(file, field, "is missing");
        }
    }
}
