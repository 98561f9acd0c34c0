package se.relaybridge.config;

import org.junit.jupiter.api.Test;
import se.relaybridge.sip.SipSettings;

import static org.assertj.core.api.Assertions.assertThat;

class RecordShapeTest {

    @Test
    void everyKeySipJsonDoesNotDeclareIsNamedByItsPath() {
        ProblemList problems = new ProblemList("sip-config/sip.json");

        RecordShape.checkKnownFields(JsonConfigReader.parseObject("""
                { "listenAddress": "127.0.0.1", "configWatchSecond": 0,
                  "listeningPoints": [ { "transport": "udp", "port": 5060 }, { "transport": "tcp", "prot": 5060 } ],
                  "sessionTimer": { "minSe": 90 } }""", "sip-config/sip.json"), SipSettings.class, problems);

        assertThat(problems.list()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("sip-config/sip.json: configWatchSecond: unknown field (known: listenAddress,"),
                m -> assertThat(m).isEqualTo("sip-config/sip.json: listeningPoints[1].prot: unknown field (known: transport, port)"),
                m -> assertThat(m).isEqualTo(
                        "sip-config/sip.json: sessionTimer.minSe: unknown field (known: sessionExpiresSeconds, minSeSeconds)"));
    }

    @Test
    void theShippedSipJsonHasNoUnknownField() {
        ProblemList problems = new ProblemList("sip-config/sip.json");
        RecordShape.checkKnownFields(JsonConfigReader.readObject(java.nio.file.Path.of("sip-config/sip.json"), "sip.json"),
                SipSettings.class, problems);
        assertThat(problems.list()).isEmpty();
    }
}
