package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Trust and capacity with a configuration that admits calls from outside the relay trunks
 * ({@code "untrustedCalls": "admit"}) and limits texttelefoni to one call at a time: a stranger's call reaches
 * the queue without any identity or relay header it carried, and a second call on a full trunk gets 503
 * with Retry-After while the first goes on.
 */
class TrustAndCapacityTest implements InJvmCalls {

    private static final int SIP_PORT = 27160;
    private static final int QUEUE_PORT = 27170;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"untrustedCalls\": \"admit\"", "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path texttelefoni = configRoot.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(texttelefoni, Files.readString(texttelefoni).replace("\"maxConcurrentCalls\": 60", "\"maxConcurrentCalls\": 1"));
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Test
    void aStrangersCallReachesTheQueueWithoutAnyIdentityOrRelayHeader() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer stranger = relay(STRANGER, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("P-Preferred-Identity: <sip:+46811111111@spoof.example>", "X-Relay-Service: video",
                        "X-Relay-Provider: bildtelefoni", "X-Relay-Languages: swl", "X-Relay-Call-Id: rb-0000000000000000")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(stranger, queue);
        SipText invite = queue.received("INVITE");
        assertThat(invite.headerLines()).noneSatisfy(h -> assertThat(h.toLowerCase()).startsWith("x-relay-"));
        assertThat(invite.header("P-Asserted-Identity")).isEmpty();
        assertThat(invite.header("P-Preferred-Identity")).isEmpty();
        assertNoCallLeft();
    }

    @Test
    void aFullTrunkGets503WithRetryAfterAndTheCallInProgressGoesOn() throws IOException {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer first = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("MIDCALL_BLOCK", "  <pause milliseconds=\"1500\"/>")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> activeCalls() == 1);
        SippPeer second = SippPeer.uac(Scenario.of("relay_uac_refused.xml").with("STATUS", "503"),
                TEXT_RELAY_TRUNK, RELAY_PORT + 4, relaybridge(), CALL_LIMIT);
        assertThat(second.awaitExit(CALL_LIMIT)).as("second call" + second.report()).isZero();
        assertThat(seen(second, true, "SIP/2.0 503", "INVITE").get(0).header("Retry-After")).isPresent();
        assertCompleted(first, queue);
        assertThat(seen(queue, true, "INVITE", null)).hasSize(1);
        assertNoCallLeft();
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
