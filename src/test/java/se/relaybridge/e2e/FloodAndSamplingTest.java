package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.call.SipEdge;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SIP edge against strangers (docs/trust-and-floods.md), over real SIP with the default policy (a stranger's
 * INVITE gets 403): refused strangers are counted every one and recorded one per source per interval; a source that
 * floods is limited (503 + Retry-After) and then banned (silence, no call created) while a relay trunk's call goes
 * through, and let in again once the ban is over; a trunk over its own {@code maxCallsPerSecond} gets 503 with
 * Retry-After. The flood guard here: 5 requests/s, ban beyond 10/s, over 2 s, a ban of 8 s; 127.0.0.60/31 allowed.
 */
class FloodAndSamplingTest implements InJvmCalls {

    private static final int SIP_PORT = 34160;
    private static final int QUEUE_PORT = 34170;
    private static final String FLOODER = "127.0.0.50";
    private static final int WINDOW_LIMIT = 5 * 2;
    private static final int WINDOW_BAN = 10 * 2;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private final List<CallSnapshot> finished = new CopyOnWriteArrayList<>();
    private final CallWatcher recorder = new CallWatcher() {
        @Override
        public void changed(CallSnapshot call) {
        }

        @Override
        public void finished(CallSnapshot call) {
            finished.add(call);
        }
    };
    private final List<String> callLog = new CopyOnWriteArrayList<>();
    private final Handler callLogLines = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                callLog.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, """
                "floodGuard": { "limitPerSecond": 5, "banPerSecond": 10, "windowSeconds": 2, "banSeconds": 8,
                                "allow": ["127.0.0.60/31"] }""", "sip:1177@127.0.0.1:" + QUEUE_PORT);
        Path texttelefoni = configRoot.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(texttelefoni, Files.readString(texttelefoni)
                .replace("\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 2"));
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void listen() {
        relaybridge.b2bua().registry().watch(recorder);
        Logger.getLogger("se.relaybridge.call").addHandler(callLogLines);
    }

    @AfterEach
    void unlisten() {
        relaybridge.b2bua().registry().unwatch(recorder);
        Logger.getLogger("se.relaybridge.call").removeHandler(callLogLines);
    }

    @Test
    void refusedStrangersAreCountedEveryOneButRecordedOncePerSource() {
        SipEdge edge = relaybridge.b2bua().edge();
        long refusedBefore = edge.strangerInvites("refused");
        try (RawSipClient first = new RawSipClient("127.0.0.60", 34180, "127.0.0.1", SIP_PORT);
             RawSipClient second = new RawSipClient("127.0.0.61", 34181, "127.0.0.1", SIP_PORT)) {
            // paced a little, so that neither side's socket buffer overflows: all 250 must arrive to be counted
            for (int i = 0; i < 200; i++) {
                first.invite();
                sleep(3);
            }
            for (int i = 0; i < 50; i++) {
                second.invite();
                sleep(3);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(first.withStatus(403)).hasSize(200);
                assertThat(second.withStatus(403)).hasSize(50);
            });
        }
        assertNoCallLeft();
        assertThat(edge.strangerInvites("refused") - refusedBefore).isEqualTo(250);
        List<CallSnapshot> recorded = finished.stream()
                .filter(c -> "refused:403:not-a-relay-trunk".equals(c.outcome())).toList();
        assertThat(recorded).as("one record per source in the sample interval").hasSize(2);
        assertThat(callLog.stream().filter(line -> line.contains("not-a-relay-trunk")))
                .as("one log line per source in the sample interval").hasSize(2);
    }

    @Test
    void aFloodingSourceIsLimitedThenBannedWhileATrunksCallCompletesAndIsLetInWhenTheBanEnds() throws Exception {
        SipEdge edge = relaybridge.b2bua().edge();
        long bansBefore = edge.bans();
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        AtomicBoolean flooding = new AtomicBoolean(true);
        try (RawSipClient flooder = new RawSipClient(FLOODER, 34150, "127.0.0.1", SIP_PORT)) {
            Thread flood = new Thread(() -> {
                while (flooding.get()) {
                    flooder.invite();
                    sleep(2);
                }
            }, "flood");
            flood.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> edge.bannedSources() >= 1);
            sleep(300);   // the last 503s are sent from the worker pool
            int answeredWhenBanned = flooder.responses().size();
            SippPeer trunk = SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"),
                    TEXT_RELAY_TRUNK, 34191, relaybridge(), CALL_LIMIT);
            assertCompleted(trunk, queue);
            flooding.set(false);
            flood.join();
            sleep(500);

            assertThat(edge.bans() - bansBefore).isEqualTo(1);
            assertThat(flooder.withStatus(503)).as("limited: 503 with Retry-After").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Retry-After")).isEqualTo("2"));
            assertThat(flooder.withStatus(100).size()).as("INVITEs that got as far as a call")
                    .isLessThanOrEqualTo(WINDOW_LIMIT);
            assertThat(flooder.withStatus(503).size()).isLessThanOrEqualTo(WINDOW_BAN - WINDOW_LIMIT);
            assertThat(flooder.responses().size()).as("a banned source is answered nothing")
                    .isEqualTo(answeredWhenBanned);
            assertThat(finished.stream().filter(c -> c.outcome() != null && c.outcome().startsWith("completed")))
                    .hasSize(1);
            assertNoCallLeft();

            await().atMost(Duration.ofSeconds(15)).until(() -> edge.bannedSources() == 0);
            String again = flooder.invite();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(flooder.withStatus(403))
                    .anySatisfy(r -> assertThat(r.callId()).isEqualTo(again)));
        }
        assertNoCallLeft();
    }

    @Test
    void aTrunkBeyondItsMaxCallsPerSecondGets503WithRetryAfter() {
        try (RawSipClient trunk = new RawSipClient(TEXT_RELAY_TRUNK, 34192, "127.0.0.1", SIP_PORT)) {
            List<String> calls = java.util.stream.IntStream.range(0, 6).mapToObj(i -> trunk.invite()).toList();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(trunk.responses().stream()
                    .filter(r -> r.status() >= 200).map(RawSipClient.Received::callId).distinct()).hasSize(6));
            List<RawSipClient.Received> full = trunk.withStatus(503).stream()
                    .filter(r -> "2".equals(r.header("Retry-After"))).toList();
            assertThat(full.size()).as("refused for the trunk's rate (2 a second)").isBetween(3, 5);
            assertThat(full).allSatisfy(r -> assertThat(calls).contains(r.callId()));
        }
        assertNoCallLeft();
        assertThat(finished.stream().filter(c -> String.valueOf(c.outcome()).startsWith("refused:503:trunk")))
                .hasSizeBetween(3, 5);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
