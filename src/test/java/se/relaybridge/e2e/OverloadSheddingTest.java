package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.overload.ShedReason;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Overload control over SIP (docs/overload.md), with a node rate of 10 calls a second of which 60 % is reserved,
 * 2/s for each of the three relay trunks: what the node does not admit gets a stateless {@code 503} with the
 * configured {@code Retry-After}, leaves no call behind, and never touches an admitted call; one trunk's burst
 * leaves another its share; OPTIONS are answered {@code 200} while calls are shed.
 */
class OverloadSheddingTest implements InJvmCalls {

    private static final int SIP_PORT = 39160;
    private static final int QUEUE_PORT = 39170;
    private static final String RETRY_AFTER = "7";
    private static final String VIDEO_RELAY_TRUNK = "127.0.0.12";

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static final AtomicInteger finishedCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, """
                "overload": { "maxCallsPerSecond": 10, "trunkReservedPercent": 60, "retryAfterSeconds": %s,
                              "maxReceiveLagMillis": 5000 }"""
                .formatted(RETRY_AFTER), "sip:1177@127.0.0.1:" + QUEUE_PORT);
        liftTrunkLimits(configRoot);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
        relaybridge.b2bua().registry().onFinished(call -> finishedCalls.incrementAndGet());
    }

    /** Only the node's own limit is under test: the trunks' (docs/configuration.md) are lifted. */
    private static void liftTrunkLimits(Path root) throws IOException {
        try (var files = Files.list(root.resolve("relay-profiles"))) {
            for (Path profile : files.toList()) {
                Files.writeString(profile, Files.readString(profile)
                        .replaceAll("\"maxCallsPerSecond\": \\d+", "\"maxCallsPerSecond\": 1000")
                        .replaceAll("\"maxConcurrentCalls\": \\d+", "\"maxConcurrentCalls\": 1000"));
            }
        }
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Test
    void aBurstBeyondTheRateIsShedWith503AndOneTrunksBurstLeavesAnotherItsShare() throws Exception {
        try (BusyQueue queue = new BusyQueue(queueIp(), QUEUE_PORT);
             RawSipClient text = new RawSipClient(TEXT_RELAY_TRUNK, 39191, "127.0.0.1", SIP_PORT);
             RawSipClient video = new RawSipClient(VIDEO_RELAY_TRUNK, 39192, "127.0.0.1", SIP_PORT)) {
            awaitAnswering(QUEUE_PORT);
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true); // the buckets full again after an earlier test
            int finishedBefore = finishedCalls.get();
            long shedBefore = relaybridge.b2bua().shedder().orElseThrow().shed(ShedReason.RATE);
            List<String> textCalls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                textCalls.add(text.invite());
            }
            List<String> videoCalls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                videoCalls.add(video.invite());
            }
            String textOptions = text.options();
            String videoOptions = video.options();
            await().atMost(Duration.ofSeconds(10)).until(() -> finalAnswers(text, textCalls) == 30
                    && finalAnswers(video, videoCalls) == 4);

            List<RawSipClient.Received> textShed = text.withStatus(503);
            long textAdmitted = text.withStatus(486).size();
            long videoAdmitted = video.withStatus(486).size();
            assertThat(textAdmitted).as("text relay: its reserved 2 and the shared 4, and what the burst's time refilled")
                    .isBetween(6L, 8L);
            assertThat(textShed).hasSize((int) (30 - textAdmitted));
            assertThat(videoAdmitted).as("video relay keeps its reserved share").isGreaterThanOrEqualTo(2);
            assertThat(textShed).allSatisfy(r -> {
                assertThat(r.header("Retry-After")).isEqualTo(RETRY_AFTER);
                assertThat(r.header("To")).contains(";tag=");
            });
            assertThat(text.responses()).filteredOn(r -> r.callId().equals(textOptions)).extracting(RawSipClient.Received::status)
                    .containsExactly(200);
            assertThat(video.responses()).filteredOn(r -> r.callId().equals(videoOptions)).extracting(RawSipClient.Received::status)
                    .containsExactly(200);
            long shed = textShed.size() + video.withStatus(503).size();
            assertThat(relaybridge.b2bua().shedder().orElseThrow().shed(ShedReason.RATE) - shedBefore).isEqualTo(shed);
            await().atMost(Duration.ofSeconds(5)).until(() -> finishedCalls.get() - finishedBefore == textAdmitted + videoAdmitted);
            assertThat(queue.invites()).as("only admitted calls reach the queue").isEqualTo((int) (textAdmitted + videoAdmitted));
        }
        assertNoCallLeft();
    }

    @Test
    void aRetransmissionOfAnAdmittedInviteIsNeverShed() throws Exception {
        // no queue listens: the admitted calls end in relaybridge's own 503 no-queue-target (Retry-After of queues.json)
        try (RawSipClient text = new RawSipClient(TEXT_RELAY_TRUNK, 39193, "127.0.0.1", SIP_PORT)) {
            await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                calls.add(text.invite());
            }
            String admitted = calls.get(0);
            await().atMost(Duration.ofSeconds(2)).until(() -> text.responses().stream()
                    .anyMatch(r -> r.callId().equals(admitted)));
            for (int i = 0; i < 5; i++) {
                text.retransmit(admitted);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> finalAnswers(text, calls) == 12);
            List<RawSipClient.Received> finals = text.responses().stream()
                    .filter(r -> r.callId().equals(admitted) && r.status() >= 200).toList();
            assertThat(finals).as("the admitted call's one final answer is its own, not the shed one").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.header("Retry-After")).isNotEqualTo(RETRY_AFTER));
        }
        assertNoCallLeft();
    }

    private static long finalAnswers(RawSipClient client, List<String> calls) {
        return client.responses().stream().filter(r -> r.status() >= 200 && calls.contains(r.callId()))
                .map(RawSipClient.Received::callId).distinct().count();
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
