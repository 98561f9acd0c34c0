package se.relaybridge.sip;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.relaybridge.config.ConfigProblem;

import java.util.Arrays;
import java.util.List;

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
        SipSettings s = new SipSettings("127.0.0.1", "sip.example", List.of(lp("UDP", 5060), lp("tcp", 5061)), "stack-a")
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
        SipSettings s = new SipSettings("127.0.0.1", null, List.of(lp("udp", 5060)), " ").validated(FILE);

        assertThat(s.publicHost()).isEqualTo("127.0.0.1");
        assertThat(s.stackName()).isEqualTo("relaybridge");
    }

    @Test
    void missingListenAddress() {
        assertProblem(new SipSettings(null, null, List.of(lp("udp", 5060)), null),
                "sip-config/sip.json: listenAddress: is missing");
        assertProblem(new SipSettings("  ", null, List.of(lp("udp", 5060)), null),
                "sip-config/sip.json: listenAddress: is missing");
    }

    @Test
    void noListeningPoints() {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(), null),
                "sip-config/sip.json: listeningPoints: needs at least one transport");
        assertProblem(new SipSettings("127.0.0.1", null, null, null),
                "sip-config/sip.json: listeningPoints: needs at least one transport");
    }

    @Test
    void missingTransport() {
        assertProblem(new SipSettings("127.0.0.1", null, Arrays.asList(lp("udp", 5060), null), null),
                "sip-config/sip.json: listeningPoints[1].transport: is missing");
    }

    @Test
    void unknownTransport() {
        // the list of allowed transports comes from a Set.of, whose order is not fixed
        assertThatThrownBy(() -> new SipSettings("127.0.0.1", null, List.of(lp("sctp", 5060)), null).validated(FILE))
                .isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/sip.json: listeningPoints[0].transport: 'sctp' is not one of [udp, tcp]")
                .hasMessageContaining("udp").hasMessageContaining("tcp");
    }

    @Test
    void transportListedTwice() {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("udp", 5060), lp("UDP", 5062)), null),
                "sip-config/sip.json: listeningPoints[1].transport: 'udp' is listed twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 70000})
    void portOutOfRange(int port) {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("udp", port)), null),
                "sip-config/sip.json: listeningPoints[0].port: must be a port number 1-65535");
    }

    @Test
    void portMissing() {
        assertProblem(new SipSettings("127.0.0.1", null, List.of(lp("tcp", null)), null),
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

    private static SipSettings valid() {
        return new SipSettings("127.0.0.1", null, List.of(lp("udp", 5060), lp("tcp", 5060)), null).validated(FILE);
    }

    private static ListeningPointSpec lp(String transport, Integer port) {
        return new ListeningPointSpec(transport, port);
    }

    private static void assertProblem(SipSettings settings, String message) {
        assertThatThrownBy(() -> settings.validated(FILE)).isInstanceOf(ConfigProblem.class).hasMessage(message);
    }
}
