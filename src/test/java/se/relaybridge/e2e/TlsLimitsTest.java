package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.sip.tcp.ConnectionGuard;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 row 3 for the TLS listening point: half-open TLS connections from one address — plain TCP connects that
 * never start the handshake, and handshakes followed by a half-sent INVITE — are held to the same per-source limit as
 * TCP (the TLS listening point is behind the same {@link ConnectionGuard}), cost no thread each, and are closed by the
 * handshake timeout and the header timeout, while the texttelefoni trunk's mutual-TLS call from another address
 * completes.
 */
class TlsLimitsTest {

    private static final int SIP_PORT = 43260;
    private static final int TLS_PORT = 43261;
    private static final int QUEUE_PORT = 43270;
    private static final String TRUNK = "127.0.0.11";
    private static final String NO_HANDSHAKE = "127.0.0.61";
    private static final String HALF_SENT = "127.0.0.62";
    private static final int PER_SOURCE = 4;
    private static final int PLAIN_CONNECTS = 2_000;
    private static final int HANDSHAKES = 40;

    @TempDir
    static Path configRoot;
    private static ExecutorService pool;
    private static B2bua b2bua;
    private static JsipQueue queue;
    private static JsipTrunk trunk;

    @BeforeAll
    static void start() throws Exception {
        TestPki pki = TestPki.get();
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path tls = Files.createDirectories(configRoot.resolve("sip-config/tls"));
        Files.copy(pki.serverKeyStore(), tls.resolve("relaybridge.p12"));
        Files.copy(pki.trustStore(), tls.resolve("relay-ca.p12"));
        Files.writeString(configRoot.resolve("sip-config/sip.json"), """
                { "listenAddress": "127.0.0.1", "publicHost": "127.0.0.1",
                  "listeningPoints": [ { "transport": "udp", "port": %d }, { "transport": "tcp", "port": %d },
                                       { "transport": "tls", "port": %d } ],
                  "tls": { "keyStore": "tls/relaybridge.p12", "keyStorePassword": "%s",
                           "trustStore": "tls/relay-ca.p12", "trustStorePassword": "%s", "clientAuth": "want" },
                  "tcpLimits": { "connectionsPerSource": %d, "headerTimeoutSeconds": 2, "strangerIdleSeconds": 30 },
                  "stackName": "relaybridge-tls-limits-test" }
                """.formatted(SIP_PORT, SIP_PORT, TLS_PORT, pki.password(), pki.password(), PER_SOURCE));
        // a peer that never starts its handshake is closed after this (the shipped default is 10 s)
        Files.writeString(configRoot.resolve("sip-config/stack.properties"),
                "\ngov.nist.javax.sip.SSL_HANDSHAKE_TIMEOUT=2000\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(configRoot.resolve("relay-profiles/texttelefoni.json"), """
                { "id": "texttelefoni", "name": "Texttelefoni.se", "service": "text",
                  "trunk": { "sources": ["127.0.0.11/32"], "transports": ["tls"],
                             "tlsSubject": "CN=texttelefoni.example,O=Texttelefoni test,C=SE" } }
                """);
        pool = Executors.newFixedThreadPool(4);
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
        queue = new JsipQueue("rb-tls-limits-queue", "127.0.0.1", QUEUE_PORT);
        trunk = new JsipTrunk("rb-tls-limits-trunk", TRUNK, Map.of("tls", 43280, "udp", 43282, "tcp", 43283),
                pki.trunkKeyStore(), pki);
    }

    @AfterAll
    static void stop() {
        for (JsipPeer peer : new JsipPeer[] {trunk, queue}) {
            if (peer != null) {
                peer.close();
            }
        }
        if (b2bua != null) {
            b2bua.stop();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void halfOpenTlsConnectionsFromOneAddressAreBoundedAndTimeOutWhileATrunksTlsCallCompletes() throws Exception {
        ConnectionGuard guard = b2bua.connectionGuard();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> attackers = new ArrayList<>();
        try {
            for (int i = 0; i < PLAIN_CONNECTS; i++) {
                attackers.add(plainConnect());
            }
            int handshaken = 0;
            for (int i = 0; i < HANDSHAKES; i++) {
                Socket socket = handshakeThenHalfSend(i);
                if (socket != null) {
                    attackers.add(socket);
                    handshaken++;
                }
            }
            assertThat(guard.refused()).as("connections refused at accept").isPositive();
            assertThat(guard.openConnections()).as("open: at most the limit of each of the two sources")
                    .isLessThanOrEqualTo(2 * PER_SOURCE);
            assertThat(handshaken).as("handshakes completed from " + HALF_SENT + " (a slot freed by a timeout may be taken again)")
                    .isLessThanOrEqualTo(PER_SOURCE + (int) guard.closed());
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore)
                    .as("threads added by " + (PLAIN_CONNECTS + HANDSHAKES) + " connections").isLessThan(25);

            placeTrunkCall();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(guard.openConnections())
                    .as("half-open ones closed by the handshake and header timeouts; the trunk's stays")
                    .isLessThanOrEqualTo(1));
            for (Socket socket : attackers) {
                assertThat(closedByRelaybridge(socket)).as("attacker connection " + socket).isTrue();
            }
            assertThat(ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore).isLessThan(25);
        } finally {
            for (Socket socket : attackers) {
                socket.close();
            }
        }
    }

    private static void placeTrunkCall() throws Exception {
        queue.clear();
        ClientTransaction invite = trunk.invite("127.0.0.1:" + TLS_PORT, "tls");
        Response ok = trunk.finalResponse(Request.INVITE, 10);
        assertThat(ok).as("final response to the trunk's TLS INVITE").isNotNull();
        assertThat(ok.getStatusCode()).isEqualTo(Response.OK);
        trunk.ack(invite.getDialog(), ok);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.methods().contains(Request.ACK));
        trunk.bye(invite.getDialog());
        Response byeOk = trunk.finalResponse(Request.BYE, 10);
        assertThat(byeOk).as("final response to the BYE").isNotNull();
        assertThat(byeOk.getStatusCode()).isEqualTo(Response.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> b2bua.registry().size() == 0);
    }

    /** A TCP connection to the TLS port that never sends a byte: no ClientHello. */
    private static Socket plainConnect() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(NO_HANDSHAKE), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", TLS_PORT), 5_000);
        return socket;
    }

    /** A completed handshake, then the start of an INVITE and never the rest; null when refused before that. */
    private static Socket handshakeThenHalfSend(int i) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AcceptAnyServer()}, null);
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(HALF_SENT), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", TLS_PORT), 5_000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", TLS_PORT, true);
        socket.setSoTimeout(5_000);
        try {
            socket.startHandshake();
            socket.getOutputStream().write(("INVITE sip:1177@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TLS " + HALF_SENT
                    + ";branch=z9hG4bK-tls-slow" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException closedAtAccept) {
            socket.close();
            return null;
        }
    }

    /** Whether relaybridge has closed the connection: end of stream or a reset, not a read still waiting. */
    private static boolean closedByRelaybridge(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** The attacker does not check whom it talks to. */
    private static final class AcceptAnyServer implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
