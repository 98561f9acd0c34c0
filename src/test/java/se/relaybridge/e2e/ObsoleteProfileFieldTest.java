package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * A relay profile written before {@code queuePriority} was removed (it never had an effect) still loads at start:
 * refusing it would put that trunk out of service at the next restart. relaybridge logs one warning naming the
 * file and the field, and the trunk's calls go through.
 */
class ObsoleteProfileFieldTest implements InJvmCalls {

    private static final int SIP_PORT = 37160;
    private static final int QUEUE_PORT = 37170;
    private static final int TRUNK_PORT = 37191;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static int linesBefore;

    @BeforeAll
    static void start() throws Exception {
        LogScan.install();
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path texttelefoni = configRoot.resolve("relay-profiles/texttelefoni.json");
        String shipped = Files.readString(texttelefoni).stripTrailing();
        assertThat(shipped).endsWith("}").doesNotContain("queuePriority");
        Files.writeString(texttelefoni, shipped.substring(0, shipped.length() - 1).stripTrailing()
                + ",\n  \"queuePriority\": 1\n}\n");
        linesBefore = LogScan.lines().size();
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }

    @Override
    public SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, TRUNK_PORT, relaybridge(), CALL_LIMIT);
    }

    @Test
    void anOldProfileWithQueuePriorityLoadsWithOneWarningAndItsCallsGoThrough() {
        List<String> warnings = LogScan.lines().subList(linesBefore, LogScan.lines().size()).stream()
                .filter(l -> l.contains("queuePriority")).toList();
        assertThat(warnings).as("relaybridge's log since start").hasSize(1);
        assertThat(warnings.get(0)).contains("WARNING")
                .contains("relay-profiles/texttelefoni.json: queuePriority is obsolete and ignored");
        assertThat(relaybridge.b2bua().profiles().get("texttelefoni")).as("the profile loaded").isPresent();

        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(seen(queue, true, "INVITE", null)).as("the trunk's call reached the nurse").hasSize(1);
        assertNoCallLeft();
    }
}
