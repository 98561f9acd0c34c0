package se.relaybridge.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The core flows against the real WAR deployed in Payara Micro, with the shipped configuration: relaybridge
 * on 127.0.0.1:5060, the texttelefoni trunk at 127.0.0.11 and the nurse queue at 127.0.0.1:5070.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployedRelayCallIT implements CoreCallScenarios, MidDialogScenarios, FailoverScenarios, RelayProfileScenarios,
        TransferScenarios {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive war() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("relaybridge.war")));
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:5060";
    }


    @Override
    public void awaitAnswering(int port) {
        Health.awaitTargetAnswering(base, java.nio.file.Path.of("sip-config/queues.json"), port, Duration.ofSeconds(2));
    }

    @Override
    public int queuePort() {
        return 5070;
    }

    @Override
    public int backupQueuePort() {
        return 5072;
    }

    @Override
    public int activeCalls() {
        return Health.ready(base).activeCalls();
    }

    /** After every other scenario: no dialog outlived its call, and once retransmission timers ran out, nothing is left. */
    @Test
    @Order(Integer.MAX_VALUE)
    void leakSweepFindsNothingAfterTheWholeSuite() {
        assertThat(Health.ready(base).number("orphanDialogs")).isZero();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Health health = Health.ready(base);
            assertThat(health.activeCalls()).as(health.body()).isZero();
            assertThat(health.number("liveDialogs")).as(health.body()).isZero();
            assertThat(health.number("serverTransactions")).as(health.body()).isZero();
            assertThat(health.number("clientTransactions")).as(health.body()).isZero();
        });
    }

    @Test
    void readinessIsUpWhileSipListens() {
        Health health = Health.ready(base);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"sip\"").contains("UP");
    }
}
