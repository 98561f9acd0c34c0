package se.relaybridge.e2e;

import se.relaybridge.call.EngineParts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigChange;
import se.relaybridge.relay.ReloadResult;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relay profiles change while relaybridge runs: an invalid edit is refused with its file and field and the
 * previous profile keeps serving calls; a valid edit is picked up by the watcher without a restart.
 */
class ProfileReloadTest implements InJvmCalls {

    private static final int SIP_PORT = 27260;
    private static final int QUEUE_PORT = 27270;
    private static final String TELETAL_TRUNK = "127.0.0.13";

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static final java.util.List<ConfigChange> audited = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT, java.time.Clock.systemUTC(),
                EngineParts.inMemory().configChanges(audited::add));
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Test
    void anInvalidEditIsRefusedByFileAndFieldAndThePreviousProfileKeepsServing() throws Exception {
        Path teletal = configRoot.resolve("relay-profiles/teletal.json");
        String good = Files.readString(teletal);
        Files.writeString(teletal, good.replace("\"service\": \"speech\"", "\"service\": \"fax\""));
        ReloadResult result = relaybridge.b2bua().reloadProfiles();
        assertThat(result.problems()).extracting(Throwable::getMessage)
                .contains("relay-profiles/teletal.json: service: 'fax' is not one of text, video, speech");

        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TELETAL_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(queue.received("INVITE").header("X-Relay-Service")).hasValue("speech");
        assertNoCallLeft();

        Files.writeString(teletal, good.replace("\"name\": \"Teletal\"", "\"name\": \"Teletal talstöd\""));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(relaybridge.b2bua().profiles().get("teletal")).hasValueSatisfying(p ->
                        assertThat(p.name()).isEqualTo("Teletal talstöd")));
        // issue 12: the watcher's reload is audited like an operator's change, with the profile before and after
        await().atMost(Duration.ofSeconds(5)).until(() -> audited.stream().anyMatch(c -> c.subject().equals("profile:teletal")));
        ConfigChange replaced = audited.stream().filter(c -> c.subject().equals("profile:teletal")).findFirst().orElseThrow();
        assertThat(replaced.who()).isEqualTo(ConfigChange.FILE_WATCH);
        assertThat(replaced.action()).isEqualTo("replace");
        assertThat(replaced.before()).contains("\"name\":\"Teletal\"");
        assertThat(replaced.after()).contains("\"name\":\"Teletal talstöd\"");
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
