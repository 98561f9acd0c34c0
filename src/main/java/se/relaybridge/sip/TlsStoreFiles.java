package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code tls} object into files and passwords the SIP stack can use, and opens both stores once.
 * The RI itself only logs "could not instantiate SSL networking" and carries on without the stores, so a
 * missing file or a wrong password must be caught here, as a {@link ConfigProblem}, before the stack starts.
 */
public final class TlsStoreFiles {

    static final String STORE_TYPE = "PKCS12";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}");

    private TlsStoreFiles() {
    }

    /** {@code tls} with absolute store paths and real passwords; {@code lookup} finds {@code ${NAME}} values. */
    static TlsSettings resolve(TlsSettings tls, Path sipConfigDir, String file, UnaryOperator<String> lookup) {
        String keyPassword = password(file, "tls.keyStorePassword", tls.keyStorePassword(), lookup);
        String trustPassword = password(file, "tls.trustStorePassword", tls.trustStorePassword(), lookup);
        Path keyStore = existing(file, "tls.keyStore", tls.keyStore(), sipConfigDir);
        Path trustStore = existing(file, "tls.trustStore", tls.trustStore(), sipConfigDir);
        KeyStore keys = open(file, "tls.keyStore", keyStore, keyPassword);
        if (!hasEntry(keys, true)) {
            throw new ConfigProblem(file, "tls.keyStore", "'" + tls.keyStore() + "' holds no private key and certificate");
        }
        KeyStore trusted = open(file, "tls.trustStore", trustStore, trustPassword);
        if (!hasEntry(trusted, false)) {
            throw new ConfigProblem(file, "tls.trustStore", "'" + tls.trustStore() + "' holds no trusted certificate");
        }
        return new TlsSettings(keyStore.toString(), keyPassword, trustStore.toString(), trustPassword, tls.clientAuth());
    }

    /** The process's system properties first, then its environment. */
    public static String systemLookup(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }

    /** {@code written} itself, or the value of {@code ${NAME}} (also used for {@code database.json}'s password). */
    public static String password(String file, String field, String written, UnaryOperator<String> lookup) {
        Matcher reference = REFERENCE.matcher(written);
        if (!reference.matches()) {
            return written;
        }
        String value = lookup.apply(reference.group(1));
        if (value == null || value.isEmpty()) {
            // names the variable, never a value
            throw new ConfigProblem(file, field, "refers to " + written + ", which is not set");
        }
        return value;
    }

    private static Path existing(String file, String field, String written, Path sipConfigDir) {
        Path path = sipConfigDir.resolve(written);
        // The RI opens the stores with FileInputStream: a store inside the application archive cannot be used.
        if (path.getFileSystem() != FileSystems.getDefault()) {
            throw new ConfigProblem(file, field, "'" + written + "' must be a file on disk, not inside the application");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigProblem(file, field, "'" + written + "' does not exist (looked for " + path.toAbsolutePath() + ")");
        }
        return path.toAbsolutePath().normalize();
    }

    private static KeyStore open(String file, String field, Path path, String password) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigProblem(file, field + "Password", "does not open " + field + " (wrong password)");
            }
            throw new ConfigProblem(file, field, "is not a readable PKCS12 store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new ConfigProblem(file, field, "is not a readable PKCS12 store: " + e.getMessage(), e);
        }
    }

    private static boolean hasEntry(KeyStore store, boolean privateKey) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (privateKey ? store.isKeyEntry(alias) : store.isCertificateEntry(alias) || store.isKeyEntry(alias)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
