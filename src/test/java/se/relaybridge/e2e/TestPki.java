package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PKI for the TLS tests, made at run time with the JDK's keytool so no private key is ever
 * committed: a test CA, relaybridge's server certificate, and two relay trunk client certificates (the right
 * subject and an impostor's), all PKCS12, signed by the CA, under {@code target/test-pki-*} (deleted when the
 * test JVM ends). Made once per test JVM: each keytool call starts a JVM.
 */
public final class TestPki {

    public static final String SERVER_SUBJECT = "CN=relaybridge.test,O=relaybridge test,C=SE";
    public static final String TRUNK_SUBJECT = "CN=texttelefoni.example,O=Texttelefoni test,C=SE";
    public static final String IMPOSTOR_SUBJECT = "CN=impostor.example,O=Texttelefoni test,C=SE";

    private static TestPki instance;

    private final Path dir;
    private final String password = UUID.randomUUID().toString();

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** The PKI of this test JVM, made on first use. */
    public static synchronized TestPki get() {
        if (instance == null) {
            try {
                Path target = Files.createDirectories(Path.of("target"));
                TestPki pki = new TestPki(Files.createTempDirectory(target, "test-pki-"));
                Runtime.getRuntime().addShutdownHook(new Thread(pki::delete));
                pki.make();
                instance = pki;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** One password for every store: this PKI lives only for one test run. */
    public String password() {
        return password;
    }

    /** The CA certificate alone, as a trust store. */
    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public Path trunkKeyStore() {
        return dir.resolve("trunk.p12");
    }

    public Path impostorKeyStore() {
        return dir.resolve("impostor.p12");
    }

    private void make() {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=relaybridge test CA,O=relaybridge test,C=SE", "-ext", "bc:c",
                "-ext", "ku:c=keyCertSign,cRLSign", "-validity", "2", "-keystore", path("ca.p12"));
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"), "-file", path("ca.pem"));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.pem"), "-keystore", path("trust.p12"));
        // the three leaves do not depend on each other: in parallel, as each keytool call is a JVM start
        CompletableFuture.allOf(
                CompletableFuture.runAsync(() -> leaf("server", SERVER_SUBJECT, "serverAuth,clientAuth")),
                CompletableFuture.runAsync(() -> leaf("trunk", TRUNK_SUBJECT, "clientAuth,serverAuth")),
                CompletableFuture.runAsync(() -> leaf("impostor", IMPOSTOR_SUBJECT, "clientAuth,serverAuth")))
                .join();
    }

    /** A key pair, its certificate signed by the CA, and the CA certificate to complete the chain. */
    private void leaf(String name, String subject, String extendedKeyUsage) {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject,
                "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", path(name + ".csr"));
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", path("ca.p12"), "-infile", path(name + ".csr"),
                "-outfile", path(name + ".pem"), "-validity", "2", "-ext", "san=ip:127.0.0.1,ip:127.0.0.11",
                "-ext", "ku:c=digitalSignature", "-ext", "eku=" + extendedKeyUsage);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path("ca.pem"), "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", path(name + ".pem"), "-keystore", store);
    }

    /** Throw-away keys do not outlive the test JVM. */
    private void delete() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // target/ is cleaned by the build anyway
        }
    }

    private String path(String file) {
        return dir.resolve(file).toString();
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // a short-lived tool JVM: C1 only and the serial GC start about twice as fast
        command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
