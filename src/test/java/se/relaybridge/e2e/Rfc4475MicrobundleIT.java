package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The SIP edge against the deployed microbundle ({@code java -jar target/relaybridge-microbundle.jar}, the README's
 * run command) with the edge test configuration: the whole RFC 4475 corpus, then a trunk call (issue 12, acceptance 2).
 */
class Rfc4475MicrobundleIT implements Rfc4475Scenarios, SipEdgeScenarios {

    private static final int SIP_PORT = 31160;
    private static final int QUEUE_PORT = 31170;
    private static final int HTTP_PORT = 31180;

    @TempDir
    static Path configRoot;
    private static Process process;

    @BeforeAll
    static void start() throws IOException {
        EdgeConfig.write(configRoot, SIP_PORT, QUEUE_PORT);
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-sip-edge.log").toAbsolutePath();
        process = new ProcessBuilder(List.of("java", "-Drelaybridge.config.dir=" + configRoot, "-jar", bundle.toString(),
                "--port", Integer.toString(HTTP_PORT), "--nohazelcast", "--disablephonehome"))
                .directory(configRoot.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI ready = URI.create("http://127.0.0.1:" + HTTP_PORT + "/health/ready");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> process.isAlive() && Health.fetch(ready).status() == 200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + SIP_PORT;
    }

    @Override
    public int queuePort() {
        return QUEUE_PORT;
    }

    @Override
    public int activeCalls() {
        return Health.ready(base()).activeCalls();
    }

    @Override
    public void awaitAnswering(int port) {
        Health.awaitTargetAnswering(base(), configRoot.resolve("sip-config/queues.json"), port, Duration.ofSeconds(1));
    }

    private static java.net.URL base() {
        try {
            return URI.create("http://127.0.0.1:" + HTTP_PORT + "/").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int relayPort() {
        return 31191;
    }
}
