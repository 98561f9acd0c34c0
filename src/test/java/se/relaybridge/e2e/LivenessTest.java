package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.admin.RelaybridgeLiveness;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.DatabaseSettings;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * relaybridge's own liveness ({@code /health/live}, {@link RelaybridgeLiveness}): alive with SIP and records running,
 * not alive once the SIP stack's UDP receiving thread or the records writer has died of an Error, as a parser's
 * StackOverflowError or an OutOfMemoryError would end them. The SIP listening point still looks open then: only
 * liveness can tell. SIP on 127.0.0.1:32160 in this JVM.
 */
class LivenessTest {

    private static final int SIP_PORT = 32160;

    @TempDir
    Path configRoot;
    @TempDir
    Path database;

    @Test
    void aDeadUdpReceiverOrRecordsWriterIsNotAlive() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:32170");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (RunningB2bua relaybridge = new RunningB2bua(configRoot, SIP_PORT, 32170);
             CallRecords records = CallRecords.open(DatabaseSettings.of("jdbc:h2:file:"
                     + database.resolve("records").toAbsolutePath() + ";AUTO_SERVER=FALSE", "rb", "rb"))) {
            Set<Thread> started = Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .collect(Collectors.toSet());
            RelaybridgeLiveness alive = RelaybridgeLiveness.of(Optional.of(relaybridge.b2bua()), Optional.of(records));
            assertThat(alive.alive()).as(alive.toString()).isTrue();

            Thread udp = only(started, "MessageProcessorThread-UDP-");
            kill(udp);
            RelaybridgeLiveness sipDead = RelaybridgeLiveness.of(Optional.of(relaybridge.b2bua()), Optional.of(records));
            assertThat(sipDead.alive()).isFalse();
            assertThat(sipDead.deadSipThreads()).containsExactly(udp.getName());
            assertThat(relaybridge.b2bua().isListening()).as("readiness alone cannot see it").isTrue();

            kill(only(started, "relaybridge-records"));
            assertThat(RelaybridgeLiveness.of(Optional.empty(), Optional.of(records)).recordsWriterAlive()).isFalse();
        }
    }

    @Test
    void partsThatNeverStartedAreReadinesssConcernNotLiveness() {
        assertThat(RelaybridgeLiveness.of(Optional.empty(), Optional.empty()).alive()).isTrue();
    }

    private static Thread only(Set<Thread> threads, String prefix) {
        Set<Thread> named = threads.stream().filter(t -> t.getName().startsWith(prefix)).collect(Collectors.toSet());
        assertThat(named).as("threads named " + prefix + "…").hasSize(1);
        return named.iterator().next();
    }

    /** An Error thrown on the thread, as the JDK 17 still allows from outside: the thread ends as it would of its own. */
    @SuppressWarnings({"deprecation", "removal"})
    private static void kill(Thread thread) throws IOException {
        thread.stop();
        // a thread blocked in a socket's receive sees the Error once a datagram wakes it
        try (DatagramSocket poke = new DatagramSocket()) {
            byte[] nothing = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            poke.send(new DatagramPacket(nothing, nothing.length, InetAddress.getLoopbackAddress(), SIP_PORT));
        }
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(5)).until(() -> !thread.isAlive());
    }
}
