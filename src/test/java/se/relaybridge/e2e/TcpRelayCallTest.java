package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** A relay call over TCP on both legs: the relay trunk connects over TCP and the queue target says transport=tcp. */
class TcpRelayCallTest implements SippCalls {

    private static final int SIP_PORT = 29060;
    private static final int QUEUE_PORT = 29070;

    @TempDir
    static Path configRoot;
    private static ExecutorService pool;
    private static B2bua b2bua;

    @BeforeAll
    static void start() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT + ";transport=tcp");
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (b2bua != null) {
            b2bua.stop();
        }
        pool.shutdownNow();
    }

    @Test
    void aCallOverTcpCompletesOnBothLegs() {
        SippPeer queue = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"),
                queueIp(), QUEUE_PORT, CALL_LIMIT, "tcp");
        SippPeer relay = SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), CALL_LIMIT, "tcp");
        assertCompleted(relay, queue);
        SipText invite = queue.received("INVITE");
        assertThat(invite.headers("Via")).singleElement().satisfies(v -> assertThat(v).startsWith("SIP/2.0/TCP"));
        assertThat(invite.header("Contact")).hasValueSatisfying(v -> assertThat(v).contains("transport=tcp"));
        assertThat(invite.header("X-Relay-Provider")).hasValue("texttelefoni");
        assertThat(relay.received("BYE").headers("Via")).singleElement().satisfies(v -> assertThat(v).startsWith("SIP/2.0/TCP"));
        assertNoCallLeft();
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + SIP_PORT;
    }

    @Override
    public String queueIp() {
        return "127.0.0.1";
    }

    @Override
    public int queuePort() {
        return QUEUE_PORT;
    }

    @Override
    public int activeCalls() {
        return b2bua.registry().size();
    }
}
