package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.EngineParts;
import se.relaybridge.relay.Cidr;
import se.relaybridge.sip.FrontProxy;

import javax.sip.header.RouteHeader;
import javax.sip.message.Request;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind a cluster's front (docs/cluster.md) every request comes from the front's address: a relay trunk is told by
 * the sender the front names in {@code X-Relaybridge-Source}, a stranger who writes that header himself is not
 * believed, and the INVITE of the nurse's leg goes by way of the front so that it is record-routed there.
 */
class FrontTrustTest {

    private static final String FRONT = "127.0.0.60";
    private static final String STRANGER = "127.0.0.61";
    private static final int SIP_PORT = 38560;
    private static final int QUEUE_PORT = 38570;
    private static final String TRUNK_NAMED = FrontProxy.SOURCE_HEADER + ": udp:127.0.0.11:5060";

    @TempDir
    Path config;
    private RunningB2bua node;
    private JsipQueue queue;

    @BeforeEach
    void start() throws Exception {
        // the call of the first test is still being set up when the node stops: no need to wait for it
        TestConfig.writeWithSipJson(config, SIP_PORT, "\"shutdownGraceSeconds\": 1", "sip:1177@127.0.0.1:" + QUEUE_PORT);
        FrontProxy front = new FrontProxy(List.of(Cidr.parse(FRONT).orElseThrow()),
                "sip:127.0.0.1:" + QUEUE_PORT + ";lr");
        node = new RunningB2bua(config, SIP_PORT, QUEUE_PORT, Clock.systemUTC(), EngineParts.inMemory().front(front));
        queue = new JsipQueue("front-trust-queue", "127.0.0.1", QUEUE_PORT);
    }

    @AfterEach
    void stop() throws Exception {
        queue.close();
        node.close();
    }

    @Test
    void aTrunksCallForwardedByTheFrontReachesTheNurseByWayOfTheFront() {
        try (RawSipClient front = new RawSipClient(FRONT, 38561, "127.0.0.1", SIP_PORT)) {
            front.invite(TRUNK_NAMED);

            Request invite = await().atMost(Duration.ofSeconds(10))
                    .until(() -> queue.received.stream().filter(r -> r.getMethod().equals(Request.INVITE)).findFirst(),
                            java.util.Optional::isPresent).orElseThrow();
            assertThat(invite.getHeader("X-Relay-Service")).as("the texttelefoni trunk's call").isNotNull();
            assertThat(invite.getHeader(FrontProxy.SOURCE_HEADER)).as("the front's word stays with the front").isNull();
            assertThat(((RouteHeader) invite.getHeader(RouteHeader.NAME)).getAddress().getURI().toString())
                    .isEqualTo("sip:127.0.0.1:" + QUEUE_PORT + ";lr");
        }
    }

    @Test
    void aStrangerNamingATrunkHimselfIsNotBelieved() {
        try (RawSipClient stranger = new RawSipClient(STRANGER, 38562, "127.0.0.1", SIP_PORT)) {
            stranger.invite(TRUNK_NAMED);

            await().atMost(Duration.ofSeconds(10)).until(() -> !stranger.withStatus(403).isEmpty());
            assertThat(queue.received).isEmpty();
        }
    }
}
