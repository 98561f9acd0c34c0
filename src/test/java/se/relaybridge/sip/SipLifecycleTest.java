package se.relaybridge.sip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.e2e.TestConfig;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Deploy, undeploy, redeploy: each stop must end every thread the SIP stack started and free the SIP port,
 * so a redeploy binds the same port and answers again.
 */
class SipLifecycleTest {

    private static final int PORT = 26060;
    private static ExecutorService pool;

    @TempDir
    static Path configRoot;

    @BeforeAll
    static void config() {
        TestConfig.write(configRoot, PORT, "sip:1177@127.0.0.1:26070");
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void stopLeavesNoThreadAndFreesThePortAcrossRedeploys() throws Exception {
        pool.submit(() -> { }).get();
        pool.submit(() -> { }).get();
        Set<Thread> before = liveThreads();
        for (int deploy = 1; deploy <= 3; deploy++) {
            B2bua b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
            assertThat(b2bua.isListening()).isTrue();
            SippPeer ping = SippPeer.uac(Scenario.of("relay_uac_options.xml"), "127.0.0.99", 5093,
                    "127.0.0.1:" + PORT, Duration.ofSeconds(10));
            assertThat(ping.awaitExit(Duration.ofSeconds(20))).as("OPTIONS on deploy " + deploy + ping.report()).isZero();

            b2bua.stop();

            assertThat(b2bua.isListening()).isFalse();
            assertNoNewThreads(before, "after stop " + deploy);
            assertPortFree();
        }
    }

    @Test
    void aTakenPortFailsTheStartAndLeavesNothingRunning() throws Exception {
        pool.submit(() -> { }).get();
        pool.submit(() -> { }).get();
        Set<Thread> before = liveThreads();
        try (DatagramSocket squatter = new DatagramSocket(PORT, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC()))
                    .isInstanceOf(Exception.class);
        }
        assertNoNewThreads(before, "after a failed start");
        assertPortFree();
    }

    private static void assertNoNewThreads(Set<Thread> before, String when) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(liveThreads().stream()
                .filter(t -> !before.contains(t)).map(Thread::getName).collect(Collectors.toSet()))
                .as("threads left " + when).isEmpty());
    }

    private static void assertPortFree() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket udp = new DatagramSocket(PORT, loopback);
             ServerSocket tcp = new ServerSocket(PORT, 1, loopback)) {
            assertThat(udp.isBound()).isTrue();
            assertThat(tcp.isBound()).isTrue();
        }
    }

    /** Threads of this JVM, less those the JDK and test tools start on their own. */
    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> !t.getName().startsWith("process reaper"))
                .filter(t -> !t.getName().startsWith("awaitility"))
                .collect(Collectors.toSet());
    }
}
