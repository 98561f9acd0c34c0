package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;

import javax.sip.ClientTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS listening point and mutual TLS for a relay trunk, end to end in this JVM. SIPp here is built without
 * TLS, so the texttelefoni trunk (127.0.0.11) and the nurse queue (127.0.0.1:27070, UDP) are JAIN SIP stacks;
 * the certificates come from a CA made by the test ({@link TestPki}).
 */
class TlsRelayCallTest {

    private static final int SIP_PORT = 27060;
    private static final int TLS_PORT = 27061;
    private static final int QUEUE_PORT = 27070;
    private static final String TRUNK = "127.0.0.11";
    private static final String RELAYBRIDGE_TLS = "127.0.0.1:" + TLS_PORT;
    private static final String RELAYBRIDGE = "127.0.0.1:" + SIP_PORT;

    @TempDir
    static Path configRoot;
    private static ExecutorService pool;
    private static B2bua b2bua;
    private static JsipQueue queue;
    private static JsipTrunk trunk;
    private static JsipTrunk impostor;

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
                  "stackName": "relaybridge-tls-test" }
                """.formatted(SIP_PORT, SIP_PORT, TLS_PORT, pki.password(), pki.password()));
        // the shipped texttelefoni profile with mutual TLS; spacing differs from the certificate on purpose
        Files.writeString(configRoot.resolve("relay-profiles/texttelefoni.json"), """
                { "id": "texttelefoni", "name": "Texttelefoni.se", "service": "text",
                  "trunk": { "sources": ["127.0.0.11/32"], "transports": ["tls"],
                             "tlsSubject": "CN=texttelefoni.example, O=Texttelefoni test, C=SE" } }
                """);
        pool = Executors.newFixedThreadPool(4);
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
        queue = new JsipQueue("rb-tls-test-queue", "127.0.0.1", QUEUE_PORT);
        trunk = new JsipTrunk("rb-tls-test-trunk", TRUNK, Map.of("tls", 27080, "udp", 27082, "tcp", 27083),
                pki.trunkKeyStore(), pki);
        impostor = new JsipTrunk("rb-tls-test-impostor", TRUNK, Map.of("tls", 27081), pki.impostorKeyStore(), pki);
    }

    @AfterAll
    static void stop() throws Exception {
        // the RI spends about a second in each stack's stop(): stop all four at once
        List<Runnable> stops = new ArrayList<>();
        for (JsipPeer peer : new JsipPeer[] {trunk, impostor, queue}) {
            if (peer != null) {
                stops.add(peer::close);
            }
        }
        if (b2bua != null) {
            stops.add(b2bua::stop);
        }
        CompletableFuture.allOf(stops.stream().map(CompletableFuture::runAsync).toArray(CompletableFuture[]::new))
                .join();
        if (pool != null) {
            pool.shutdownNow();
        }
        // stopping frees the TLS port as it does UDP and TCP (SipLifecycleTest)
        try (ServerSocket free = new ServerSocket(TLS_PORT, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(free.isBound()).isTrue();
        }
    }

    @BeforeEach
    void emptyQueue() {
        queue.clear();
    }

    @Test
    void tlsCallWithTheTrunkCertificateCompletesOnBothLegs() throws Exception {
        ClientTransaction invite = trunk.invite(RELAYBRIDGE_TLS, "tls");

        Response ok = trunk.finalResponse(Request.INVITE, 10);
        assertThat(ok).as("final response to the TLS INVITE").isNotNull();
        assertThat(ok.getStatusCode()).isEqualTo(Response.OK);
        assertThat(ok.getHeader("Contact").toString()).contains(":" + TLS_PORT).containsIgnoringCase("transport=tls");
        Request queued = queue.received.get(0);
        assertThat(queued.getMethod()).isEqualTo(Request.INVITE);
        assertThat(queued.getHeader("X-Relay-Service").toString()).contains("text");
        assertThat(queued.getHeader("X-Relay-Provider").toString()).contains("texttelefoni");

        trunk.ack(invite.getDialog(), ok);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.methods().contains(Request.ACK));
        trunk.bye(invite.getDialog());

        Response byeOk = trunk.finalResponse(Request.BYE, 10);
        assertThat(byeOk).as("final response to the BYE").isNotNull();
        assertThat(byeOk.getStatusCode()).isEqualTo(Response.OK);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.methods().contains(Request.BYE));
        assertThat(queue.methods()).containsExactly(Request.INVITE, Request.ACK, Request.BYE);
        await().atMost(Duration.ofSeconds(5)).until(() -> b2bua.registry().size() == 0);
    }

    @Test
    void queueHangingUpReachesTheTrunkOverTls() throws Exception {
        trunk.received.clear();
        ClientTransaction invite = trunk.invite(RELAYBRIDGE_TLS, "tls");
        Response ok = trunk.finalResponse(Request.INVITE, 10);
        assertThat(ok).as("final response to the TLS INVITE").isNotNull();
        assertThat(ok.getStatusCode()).isEqualTo(Response.OK);
        trunk.ack(invite.getDialog(), ok);
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.methods().contains(Request.ACK));

        queue.hangUp();

        // relaybridge opens its own TLS connection to the trunk's Contact, with its certificate from tls.keyStore
        await().atMost(Duration.ofSeconds(10)).until(() -> !trunk.received.isEmpty());
        assertThat(trunk.received.get(0).getMethod()).isEqualTo(Request.BYE);
        assertThat(trunk.received.get(0).getHeader("Via").toString()).containsIgnoringCase("TLS");
        await().atMost(Duration.ofSeconds(5)).until(() -> b2bua.registry().size() == 0);
    }

    @Test
    void clientCertificateWithAnotherSubjectIsRefused() throws Exception {
        impostor.invite(RELAYBRIDGE_TLS, "tls");

        Response refused = impostor.finalResponse(Request.INVITE, 10);
        assertThat(refused).as("final response to the impostor's INVITE").isNotNull();
        assertThat(refused.getStatusCode()).isEqualTo(Response.FORBIDDEN);
        assertNothingReachedTheQueue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp"})
    void trunkWithTlsSubjectIsRefusedWithoutTls(String transport) throws Exception {
        trunk.invite(RELAYBRIDGE, transport);

        Response refused = trunk.finalResponse(Request.INVITE, 10);
        assertThat(refused).as("final response to the " + transport + " INVITE").isNotNull();
        assertThat(refused.getStatusCode()).isEqualTo(Response.FORBIDDEN);
        assertNothingReachedTheQueue();
    }

    private static void assertNothingReachedTheQueue() throws InterruptedException {
        await().atMost(Duration.ofSeconds(5)).until(() -> b2bua.registry().size() == 0);
        Thread.sleep(300); // a queue INVITE would have been sent before the 403: a short grace is enough
        assertThat(queue.received).isEmpty();
    }
}
