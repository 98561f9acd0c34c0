package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole RFC 4475 corpus, each message byte for byte from the trunk's address, each answered as
 * docs/rfc4475.md documents; then a normal trunk call still completes. Run in this JVM and against the
 * deployed microbundle.
 */
interface Rfc4475Scenarios extends SippCalls {

    Duration ANSWER_WAIT = Duration.ofSeconds(6);
    Duration DROP_WAIT = Duration.ofMillis(1500);

    /** Port of the SIPp relay placing the call after the corpus. */
    int relayPort();

    @Test
    default void everyCorpusMessageGetsItsDocumentedAnswerAndATrunkCallStillCompletes() throws Exception {
        try (Stream<Path> files = Files.list(corpusFolder())) {
            assertThat(files.filter(f -> f.toString().endsWith(".dat")).map(f -> f.getFileName().toString().replace(".dat", "")))
                    .as("every message of the archive is in the table").containsExactlyInAnyOrderElementsOf(
                            TortureCorpus.MESSAGES.stream().map(TortureMessage::name).toList());
        }
        TortureSender sender = new TortureSender(EdgeConfig.TRUNK, relaybridge());
        List<String> wrong = new ArrayList<>();
        try (BusyQueue queue = new BusyQueue(queueIp(), queuePort())) {
            // a ping sent before the queue was bound may time out after the first INVITEs: 503 at once while down
            awaitAnswering(queuePort());
            for (TortureMessage message : TortureCorpus.MESSAGES) {
                Optional<String> answer = sender.send(message, message.status() == TortureMessage.DROPPED ? DROP_WAIT : ANSWER_WAIT);
                String got = answer.map(a -> TortureSender.reasonLine(a).replace("\n", "\\n")
                        + (message.header() == null ? "" : " | " + message.header() + ": "
                        + TortureSender.header(a, message.header()).orElse("(none)"))).orElse("no answer");
                System.out.printf("%-11s %-9s expected %-40s got %s%n", message.name(), message.section(), message.expected(), got);
                if (!matches(message, answer)) {
                    wrong.add(message + ": expected " + message.expected() + ", got " + got);
                }
                answer.map(TortureSender::reasonLine).filter(line -> !line.matches("SIP/2\\.0 \\d{3} [\\x20-\\x7e]*"))
                        .ifPresent(line -> wrong.add(message + ": reason phrase not one clean line: " + line));
            }
        }
        assertThat(wrong).as("corpus messages answered otherwise than documented").isEmpty();
        aTrunkCallCompletes();
    }

    private static boolean matches(TortureMessage message, Optional<String> answer) {
        if (message.status() == TortureMessage.DROPPED || (message.retransmissionOf() != null && answer.isEmpty())) {
            return answer.isEmpty();
        }
        if (answer.isEmpty() || TortureSender.status(answer.get()) != message.status()) {
            return false;
        }
        return message.header() == null || TortureSender.header(answer.get(), message.header())
                .filter(v -> v.toLowerCase().contains(message.headerValue().toLowerCase())).isPresent();
    }

    private void aTrunkCallCompletes() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"),
                EdgeConfig.TRUNK, relayPort(), relaybridge(), Duration.ofSeconds(30));
        assertThat(relay.awaitExit(Duration.ofSeconds(35))).as("relay side" + relay.report()).isZero();
        assertThat(queue.awaitExit(Duration.ofSeconds(35))).as("queue side" + queue.report()).isZero();
    }

    private static Path corpusFolder() throws IOException {
        URL folder = Objects.requireNonNull(Rfc4475Scenarios.class.getResource("/rfc4475"));
        try {
            return Path.of(folder.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
    }
}
