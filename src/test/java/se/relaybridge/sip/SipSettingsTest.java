package se.relaybridge.sip;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.e2e.TestPki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SipSettingsTest {

    private static final String FILE = "sip-config/sip.json";

    @AfterEach
    void clearOverride() {
        System.clearProperty(SipSettings.PORT_PROPERTY);
    }

    @Test
    void validSettingsKeepTheirValuesAndLowerCaseTransports() {
        SipSettings s = SipSettings.of("127.0.0.1", "sip.example", List.of(lp("UDP", 5060), lp("tcp", 5061)), "stack-a")
                .validated(FILE);

        assertThat(s.publicHost()).isEqualTo("sip.example");
        assertThat(s.stackName()).isEqualTo("stack-a");
        assertThat(s.listeningPoints()).containsExactly(lp("udp", 5060), lp("tcp", 5061));
        assertThat(s.port("udp")).isEqualTo(5060);
        assertThat(s.hasTransport("tcp")).isTrue();
        assertThat(s.hasTransport("tls")).isFalse();
    }

    @Test
    void optionalFieldsTakeTheirDefaults() {
        SipSettings s = SipSettings.of("127.0.0.1", null, List.of(lp("udp", 5060)), " ").validated(FILE);

        assertThat(s.publicHost()).isEqualTo("127.0.0.1");
        assertThat(s.stackName()).isEqualTo("relaybridge");
        assertThat(s.configWatchSeconds()).isEqualTo(SipSettings.DEFAULT_CONFIG_WATCH_SECONDS);
    }

    @Test
    void profileWatchCanBeSwitchedOffButNotMadeNegative() {
        List<ListeningPointSpec> udp = List.of(lp("udp", 5060));
        assertThat(new SipSettings("127.0.0.1", null, udp, null, null, null, null, 0, null, null, null, null, null).validated(FILE)
                .configWatchSeconds()).isZero();
        assertProblem(new SipSettings("127.0.0.1", null, udp, null, null, null, null, -1, null, null, null, null, null),
                "sip-config/sip.json: configWatchSeconds: -1 is outside 0-3600 (0 reloads relay profiles only on request)");
    }

    @Test
    void missingListenAddress() {
        assertProblem(SipSettings.of(null, null, List.of(lp("udp", 5060)), null),
                "sip-config/sip.json: listenAddress: is missing");
        assertProblem(SipSettings.of("  ", null, List.of(lp("udp", 5060)), null),
                "sip-config/sip.json: listenAddress: is missing");
    }

    @Test
    void noListeningPoints() {
        assertProblem(SipSettings.of("127.0.0.1", null, List.of(), null),
                "sip-config/sip.json: listeningPoints: needs at least one transport");
        assertProblem(SipSettings.of("127.0.0.1", null, null, null),
                "sip-config/sip.json: listeningPoints: needs at least one transport");
    }

    @Test
    void missingTransport() {
        assertProblem(SipSettings.of("127.0.0.1", null, Arrays.asList(lp("udp", 5060), null), null),
                "sip-config/sip.json: listeningPoints[1].transport: is missing");
    }

    @Test
    void unknownTransport() {
        // the list of allowed transports comes from a Set.of, whose order is not fixed
        assertThatThrownBy(() -> SipSettings.of("127.0.0.1", null, List.of(lp("sctp", 5060)), null).validated(FILE))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: listeningPoints[0].transport: 'sctp' is not one of [udp, tcp, tls]")
                .hasMessageContaining("udp").hasMessageContaining("tcp");
    }

    @Test
    void transportListedTwice() {
        assertProblem(SipSettings.of("127.0.0.1", null, List.of(lp("udp", 5060), lp("UDP", 5062)), null),
                "sip-config/sip.json: listeningPoints[1].transport: 'udp' is listed twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    void portOutOfRange(int port) {
        assertProblem(SipSettings.of("127.0.0.1", null, List.of(lp("udp", port)), null),
                "sip-config/sip.json: listeningPoints[0].port: must be a port number 1-65535");
    }

    @Test
    void portMissing() {
        assertProblem(SipSettings.of("127.0.0.1", null, List.of(lp("tcp", null)), null),
                "sip-config/sip.json: listeningPoints[0].port: must be a port number 1-65535");
    }

    @Test
    void withPortMovesEveryListeningPoint() {
        SipSettings s = valid().withPort(15060);

        assertThat(s.listeningPoints()).containsExactly(lp("udp", 15060), lp("tcp", 15060));
        assertThat(s.listenAddress()).isEqualTo("127.0.0.1");
        assertThat(s.stackName()).isEqualTo("relaybridge");
    }

    @Test
    void noOverrideKeepsTheSettings() {
        SipSettings s = valid();
        assertThat(s.withOverridesFrom(FILE)).isEqualTo(s);
    }

    @Test
    void portPropertyOverridesEveryListeningPoint() {
        System.setProperty(SipSettings.PORT_PROPERTY, " 25060 ");

        SipSettings s = valid().withOverridesFrom(FILE);

        assertThat(s.port("udp")).isEqualTo(25060);
        assertThat(s.port("tcp")).isEqualTo(25060);
    }

    @Test
    void portPropertyThatIsNotANumber() {
        System.setProperty(SipSettings.PORT_PROPERTY, "abc");

        assertThatThrownBy(() -> valid().withOverridesFrom(FILE))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: -Drelaybridge.sip.port: 'abc' is not a port number 1-65535");
    }

    /**
     * The override must be held to the same 1-65535 range as the file. Fails today: withOverridesFrom only
     * checks that the property is a number, and B2bua applies it after validated().
     */
    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "70000"})
    void portPropertyOutOfRange(String port) {
        System.setProperty(SipSettings.PORT_PROPERTY, port);

        assertThatThrownBy(() -> valid().withOverridesFrom(FILE))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("sip-config/sip.json: -Drelaybridge.sip.port: ");
    }

    // --- TLS listening point -------------------------------------------------------------------------------

    @Test
    void tlsListeningPointWithItsStores() {
        SipSettings s = new SipSettings("127.0.0.1", null, List.of(lp("udp", 5060), lp("TLS", 5061)), null,
                tls("keys/rb.p12", "secret", "keys/ca.p12", null, null), null, null, null, null, null, null, null, null).validated(FILE);

        assertThat(s.listeningPoints()).containsExactly(lp("udp", 5060), lp("tls", 5061));
        assertThat(s.port("tls")).isEqualTo(5061);
        assertThat(s.tls().clientAuth()).isEqualTo("want");
        assertThat(s.tls().trustStorePassword()).as("defaults to the key store's").isEqualTo("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"want", "need", "none", "NEED", " none "})
    void clientAuthValues(String clientAuth) {
        SipSettings s = tlsSettings(tls("rb.p12", "pw", "ca.p12", "pw2", clientAuth)).validated(FILE);

        assertThat(s.tls().clientAuth()).isEqualTo(clientAuth.trim().toLowerCase());
        assertThat(s.tls().trustStorePassword()).isEqualTo("pw2");
    }

    @Test
    void unknownClientAuth() {
        assertProblem(tlsSettings(tls("rb.p12", "pw", "ca.p12", null, "maybe")),
                "sip-config/sip.json: tls.clientAuth: 'maybe' is not one of [want, need, none]");
    }

    @Test
    void tlsListeningPointWithoutTlsObject() {
        assertProblem(tlsSettings(null),
                "sip-config/sip.json: tls: is missing: the tls listening point needs keyStore and trustStore");
    }

    @Test
    void tlsObjectWithoutItsRequiredFields() {
        assertProblem(tlsSettings(tls(null, "pw", "ca.p12", null, null)), "sip-config/sip.json: tls.keyStore: is missing");
        assertProblem(tlsSettings(tls(" ", "pw", "ca.p12", null, null)), "sip-config/sip.json: tls.keyStore: is missing");
        assertProblem(tlsSettings(tls("rb.p12", null, "ca.p12", null, null)),
                "sip-config/sip.json: tls.keyStorePassword: is missing");
        assertProblem(tlsSettings(tls("rb.p12", "pw", null, null, null)), "sip-config/sip.json: tls.trustStore: is missing");
    }

    @Test
    void tlsAndTcpCannotShareAPort() {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("tcp", 5060), lp("tls", 5060)), null,
                        tls("rb.p12", "pw", "ca.p12", null, null), null, null, null, null, null, null, null, null),
                "sip-config/sip.json: listeningPoints[1].port: tls cannot share port 5060 with tcp");
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("tls", 5060), lp("udp", 5060), lp("tcp", 5060)),
                        null, tls("rb.p12", "pw", "ca.p12", null, null), null, null, null, null, null, null, null, null),
                "sip-config/sip.json: listeningPoints[2].port: tcp cannot share port 5060 with tls");
    }

    @Test
    void tlsListedTwice() {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("tls", 5061), lp("tls", 5062)), null,
                        tls("rb.p12", "pw", "ca.p12", null, null), null, null, null, null, null, null, null, null),
                "sip-config/sip.json: listeningPoints[1].transport: 'tls' is listed twice");
    }

    @Test
    void portOverrideMovesTlsToTheNextPort() {
        System.setProperty(SipSettings.PORT_PROPERTY, "25060");

        SipSettings s = tlsSettings(tls("rb.p12", "pw", "ca.p12", null, null)).validated(FILE).withOverridesFrom(FILE);

        assertThat(s.listeningPoints()).containsExactly(lp("udp", 25060), lp("tcp", 25060), lp("tls", 25061));
        assertThat(s.tls()).isNotNull();
    }

    @Test
    void portOverrideLeavesRoomForTls() {
        System.setProperty(SipSettings.PORT_PROPERTY, "65535");

        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "pw", "ca.p12", null, null)).validated(FILE)
                .withOverridesFrom(FILE))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: -Drelaybridge.sip.port: '65535' leaves no port + 1 for tls");
    }

    @Test
    void passwordsNeverShowInToString() {
        SipSettings s = tlsSettings(tls("rb.p12", "s3cr3t-key", "ca.p12", "s3cr3t-trust", null)).validated(FILE);

        assertThat(s.toString()).contains("rb.p12").doesNotContain("s3cr3t");
    }

    @Test
    void shippedSipJsonHasNoTlsAndNeedsNoKeyStore() {
        Path shipped = Path.of("sip-config/sip.json");

        SipSettings s = JsonConfigReader.read(shipped, FILE, SipSettings.class).validated(FILE)
                .withTlsStoresIn(shipped.getParent(), FILE);

        assertThat(s.hasTransport("tls")).isFalse();
        assertThat(s.tls()).isNull();
    }

    @Test
    void tlsObjectIsReadFromJson(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("sip.json");
        Files.writeString(json, """
                { "listenAddress": "127.0.0.1",
                  "listeningPoints": [ { "transport": "tls", "port": 5061 } ],
                  "tls": { "keyStore": "rb.p12", "keyStorePassword": "${RB_PW}", "trustStore": "ca.p12",
                           "clientAuth": "need" } }""");

        SipSettings s = JsonConfigReader.read(json, FILE, SipSettings.class).validated(FILE);

        assertThat(s.tls()).isEqualTo(new TlsSettings("rb.p12", "${RB_PW}", "ca.p12", "${RB_PW}", "need"));
    }

    @Test
    void settingsWithoutTlsNeedNoStores(@TempDir Path dir) {
        SipSettings s = valid();

        assertThat(s.tls()).isNull();
        assertThat(s.withTlsStoresIn(dir, FILE)).isSameAs(s);
    }

    @Test
    void storesAreFoundInSipConfigAndOpened(@TempDir Path dir) throws IOException {
        TestPki pki = TestPki.get();
        Files.createDirectories(dir.resolve("tls"));
        Files.copy(pki.serverKeyStore(), dir.resolve("tls/rb.p12"));
        Files.copy(pki.trustStore(), dir.resolve("tls/ca.p12"));

        SipSettings s = tlsSettings(tls("tls/rb.p12", "${RB_KEY_PASSWORD}", "tls/ca.p12", null, "need"))
                .validated(FILE).withTlsStoresIn(dir, FILE, Map.of("RB_KEY_PASSWORD", pki.password())::get);

        assertThat(Path.of(s.tls().keyStore())).isAbsolute().isEqualTo(dir.resolve("tls/rb.p12").toAbsolutePath());
        assertThat(Path.of(s.tls().trustStore())).isEqualTo(dir.resolve("tls/ca.p12").toAbsolutePath());
        assertThat(s.tls().keyStorePassword()).isEqualTo(pki.password());
        assertThat(s.tls().trustStorePassword()).isEqualTo(pki.password());
        Properties props = new Properties();
        TlsStackProperties.addTo(props, s.tls());
        assertThat(props).containsEntry("javax.net.ssl.keyStore", s.tls().keyStore())
                .containsEntry("javax.net.ssl.keyStorePassword", pki.password())
                .containsEntry("javax.net.ssl.keyStoreType", "PKCS12")
                .containsEntry("javax.net.ssl.trustStore", s.tls().trustStore())
                .containsEntry("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Enabled");
    }

    @Test
    void stackPropertiesKeepTheOperatorsTlsChoices() {
        Properties props = new Properties();
        props.setProperty("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2");
        props.setProperty("javax.net.ssl.keyStore", "/elsewhere.p12");

        TlsStackProperties.addTo(props, new TlsSettings("/rb.p12", "pw", "/ca.p12", "pw", "none"));

        assertThat(props).containsEntry("gov.nist.javax.sip.TLS_CLIENT_PROTOCOLS", "TLSv1.2")
                .containsEntry("javax.net.ssl.keyStore", "/rb.p12")
                .containsEntry("gov.nist.javax.sip.TLS_CLIENT_AUTH_TYPE", "Disabled")
                .containsKey("gov.nist.javax.sip.ENABLED_CIPHER_SUITES");
    }

    @Test
    void keyStoreThatDoesNotExist(@TempDir Path dir) throws Exception {
        emptyStore(dir.resolve("ca.p12"), "pw");

        assertThatThrownBy(() -> tlsSettings(tls("missing.p12", "pw", "ca.p12", null, null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("sip-config/sip.json: tls.keyStore: 'missing.p12' does not exist");
    }

    @Test
    void trustStoreThatDoesNotExist(@TempDir Path dir) throws Exception {
        emptyStore(dir.resolve("rb.p12"), "pw");

        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "pw", "nope/ca.p12", null, null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("sip-config/sip.json: tls.trustStore: 'nope/ca.p12' does not exist");
    }

    @Test
    void wrongKeyStorePassword(@TempDir Path dir) throws Exception {
        emptyStore(dir.resolve("rb.p12"), "right");
        emptyStore(dir.resolve("ca.p12"), "right");

        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "wrong", "ca.p12", "right", null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: tls.keyStorePassword: does not open tls.keyStore (wrong password)")
                .message().doesNotContain("wrong\"").doesNotContain("right");
    }

    @Test
    void keyStoreWithoutKey(@TempDir Path dir) throws Exception {
        emptyStore(dir.resolve("rb.p12"), "pw");
        emptyStore(dir.resolve("ca.p12"), "pw");

        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "pw", "ca.p12", null, null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: tls.keyStore: 'rb.p12' holds no private key and certificate");
    }

    @Test
    void keyStoreThatIsNoPkcs12(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rb.p12"), "-----BEGIN PRIVATE KEY-----");
        emptyStore(dir.resolve("ca.p12"), "pw");

        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "pw", "ca.p12", null, null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("sip-config/sip.json: tls.keyStore: is not a readable PKCS12 store");
    }

    @Test
    void passwordReferenceThatIsNotSet(@TempDir Path dir) {
        assertThatThrownBy(() -> tlsSettings(tls("rb.p12", "${RB_NOT_SET}", "ca.p12", null, null)).validated(FILE)
                .withTlsStoresIn(dir, FILE, name -> null))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: tls.keyStorePassword: refers to ${RB_NOT_SET}, which is not set");
    }

    private static SipSettings tlsSettings(TlsSettings tls) {
        return new SipSettings("127.0.0.1", null, List.of(lp("udp", 5060), lp("tcp", 5060), lp("tls", 5061)), null, tls, null, null, null, null, null, null, null, null);
    }

    private static TlsSettings tls(String keyStore, String keyPassword, String trustStore, String trustPassword,
                                   String clientAuth) {
        return new TlsSettings(keyStore, keyPassword, trustStore, trustPassword, clientAuth);
    }

    private static void emptyStore(Path file, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    private static SipSettings valid() {
        return SipSettings.of("127.0.0.1", null, List.of(lp("udp", 5060), lp("tcp", 5060)), null).validated(FILE);
    }

    private static ListeningPointSpec lp(String transport, Integer port) {
        return new ListeningPointSpec(transport, port);
    }

    private static void assertProblem(SipSettings settings, String message) {
        assertThatThrownBy(() -> settings.validated(FILE)).isInstanceOf(ConfigProblem.class).hasMessage(message);
    }
}
