package se.relaybridge.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The session timer and TCP scenarios against the real WAR in Payara Micro, started with
 * {@code -Drelaybridge.config.dir} pointing at the second test configuration. Call outcomes are not visible
 * from outside yet, so those checks run only in the in-JVM twin of this class.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeployedTimersOverTcpIT implements SessionTimerScenarios, TcpScenarios {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-timers-tcp")
    static WebArchive war() {
        TimersOverTcpConfig.write(TimersOverTcpConfig.DEPLOYED_DIR, TimersOverTcpConfig.SIP_PORT, TimersOverTcpConfig.QUEUE_PORT);
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("relaybridge.war")));
    }

    @Override
    public Optional<List<String>> outcomes() {
        return Optional.empty();
    }

    @Override
    public void forgetOutcomes() {
        // nothing to forget: outcomes are not visible from outside the server
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + TimersOverTcpConfig.SIP_PORT;
    }


    @Override
    public void awaitAnswering(int port) {
        Health.awaitTargetAnswering(base, TimersOverTcpConfig.DEPLOYED_DIR.resolve("sip-config/queues.json"), port, Duration.ofSeconds(1));
    }

    @Override
    public int queuePort() {
        return TimersOverTcpConfig.QUEUE_PORT;
    }

    @Override
    public String queueTransport() {
        return "tcp";
    }

    @Override
    public int activeCalls() {
        return Health.ready(base).activeCalls();
    }
}
