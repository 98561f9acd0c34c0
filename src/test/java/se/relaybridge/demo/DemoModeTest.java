package se.relaybridge.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.Call;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.e2e.TestConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo against relaybridge's real B2BUA in this JVM: relaybridge on 127.0.0.1:28560, the desk on 28570 (the
 * queue target), the callers on 28580+ of the shipped trunk addresses 127.0.0.11-13, with the fast timings.
 */
class DemoModeTest {

    private static final int SIP_PORT = 28560;
    private static final int DESK_PORT = 28570;
    private static final DemoSettings.PortRange CALLER_PORTS = new DemoSettings.PortRange(28580, 28589);

    @TempDir
    Path dir;

    @Test
    void callsOfEveryKindAreAnsweredAndEndedAndStopLeavesNothingBehind() throws Exception {
        Path config = TestConfig.write(dir, SIP_PORT, "sip:1177@127.0.0.1:" + DESK_PORT);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "demo-test-pool-" + n.incrementAndGet()));
        B2bua b2bua = B2bua.start(ConfigLocation.of(config), pool, Clock.systemUTC());
        List<Call> finished = new CopyOnWriteArrayList<>();
        b2bua.registry().onFinished(finished::add);
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try {
            DemoMode demo = DemoMode.start(DemoSettings.fast().withCallerPorts(CALLER_PORTS), ConfigLocation.of(config),
                    "127.0.0.1:" + SIP_PORT);
            try {
                assertThat(demo.running()).isTrue();
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    assertThat(outcomes(finished, "text")).anyMatch(o -> o.startsWith("completed:"));
                    assertThat(outcomes(finished, "video")).anyMatch(o -> o.startsWith("completed:"));
                    assertThat(outcomes(finished, "speech")).anyMatch(o -> o.startsWith("completed:"));
                    assertThat(outcomes(finished, null)).contains("completed:queue-hangup", "completed:relay-hangup",
                            "cancelled:relay");
                });
            } finally {
                demo.stop();
            }
            assertThat(b2bua.registry().active()).as("calls left in relaybridge after stop()").isEmpty();
            assertThat(finished).allSatisfy(DemoModeTest::carriesDemoMetadata);
            await().atMost(Duration.ofSeconds(5)).pollInSameThread().untilAsserted(() ->
                    assertThat(threadsStartedSince(before)).as("threads the demo left running").isEmpty());
        } finally {
            b2bua.stop();
            pool.shutdownNow();
        }
    }

    @Test
    void stopWithoutDeskOrCallersIsHarmless() {
        DemoMode off = DemoMode.off();
        assertThat(off.running()).isFalse();
        off.stop();
    }

    private static List<String> outcomes(List<Call> calls, String service) {
        return calls.stream().filter(c -> c.profile() != null && (service == null || service.equals(c.profile().service())))
                .map(Call::outcome).toList();
    }

    /** Every call relaybridge saw came from a demo trunk with the metadata a real relay sends. */
    private static void carriesDemoMetadata(Call call) {
        assertThat(call.profile()).as("relay profile of " + call.id() + " (" + call.outcome() + ")").isNotNull();
        if (call.relaySession() == null) {
            return; // refused at admission (a trunk's calls-per-second limit): no metadata was read
        }
        assertThat(FictitiousNumbers.isFictitious(call.relaySession().personNumber())).isTrue();
        assertThat(call.relaySession().interpreterId()).startsWith("tolk-");
        assertThat(DemoCallDetails.MUNICIPALITIES).contains(call.relaySession().municipality());
        List<String> expected = switch (call.profile().service()) {
            case "text" -> List.of("audio", "text");
            case "video" -> List.of("video", "audio");
            default -> List.of("audio");
        };
        assertThat(call.relaySession().modalities()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Threads alive now that were not before the demo started, apart from relaybridge's own worker pool. */
    private static Set<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !t.getName().startsWith("demo-test-pool-"))
                .map(Thread::getName).collect(Collectors.toSet());
    }
}
