package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sip.tcp.ConnectionGuard;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 row 3 and acceptance 4: a slowloris of 2,000 half-sent messages from one address costs relaybridge no
 * thread per connection and no more than that source's share of connections, the half-sent ones are closed after the
 * header timeout, and a relay trunk's call over TCP completes all the while.
 */
class TcpLimitsTest implements InJvmCalls {

    private static final int SIP_PORT = 36060;
    private static final int QUEUE_PORT = 36070;
    private static final String ATTACKER = "127.0.0.60";
    private static final int HALF_OPEN = 2_000;
    private static final int PER_SOURCE = 8;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, """
                "tcpLimits": { "connectionsPerSource": %d, "headerTimeoutSeconds": 3, "strangerIdleSeconds": 30 }
                """.formatted(PER_SOURCE), "sip:1177@127.0.0.1:" + QUEUE_PORT);
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

    @Test
    void twoThousandHalfSentMessagesFromOneAddressCostNoThreadsAndATrunksTcpCallStillCompletes() throws Exception {
        ConnectionGuard guard = relaybridge.b2bua().connectionGuard();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> slowloris = new ArrayList<>();
        try {
            for (int i = 0; i < HALF_OPEN; i++) {
                slowloris.add(halfSent(i));
            }
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            assertThat(threadsDuring - threadsBefore).as("threads added by " + HALF_OPEN + " connections")
                    .isLessThan(20);
            // every connection admitted holds one of the source's slots until the header timeout frees it
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(HALF_OPEN - guard.refused()).as("connections admitted")
                            .isLessThanOrEqualTo(PER_SOURCE + guard.closed()));
            assertThat(guard.openConnections()).isLessThanOrEqualTo(PER_SOURCE);

            SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
            SippPeer relay = SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                    TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), CALL_LIMIT, "tcp");
            assertCompleted(relay, queue);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(guard.openConnections()).as("half-sent messages closed after the header timeout")
                            .isZero());
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore).isLessThan(20);
            assertNoCallLeft();
        } finally {
            for (Socket socket : slowloris) {
                socket.close();
            }
        }
    }

    /** A connection from the attacker's address that sends the start of an INVITE and never the rest. */
    private static Socket halfSent(int i) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(ATTACKER), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", SIP_PORT), 5_000);
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("INVITE sip:1177@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP " + ATTACKER + ";branch=z9hG4bK-slow" + i
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closedAtAccept) {
            // relaybridge may have closed it already: that is what the limit is for
        }
        return socket;
    }
}
