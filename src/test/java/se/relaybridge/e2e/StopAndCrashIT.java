package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.record.CallRecordQuery;
import se.relaybridge.record.CallRecordView;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.DatabaseSettings;
import se.relaybridge.record.Page;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 acceptance 3, with the README's run command and SIPp on both sides: a SIGTERM with 100 live calls ends
 * every call on both legs and finalises every record before the process exits; a {@code kill -9} amid calls at
 * 20 calls/s loses no record of a call the relay had seen answered. The microbundle runs in a working folder of its
 * own, with its H2 records file there, which the test reads afterwards as the next start would.
 */
class StopAndCrashIT {

    private static final int SIP_PORT = 36160;
    private static final int HTTP_PORT = 36180;
    private static final int QUEUE_PORT = 36170;
    private static final int RELAY_PORT = 36191;
    private static final String TRUNK = "127.0.0.11";
    private static final Path SCENARIOS = Path.of("src/test/sipp/load");
    private static final Pattern CALL_ID = Pattern.compile("(?m)^Call-ID: *(\\S+)");

    @TempDir
    Path workingDir;
    @TempDir
    Path configDir;
    private Process relaybridge;
    private final List<Process> sipp = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : sipp) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (relaybridge != null && relaybridge.isAlive()) {
            relaybridge.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSigtermWithAHundredLiveCallsEndsEveryCallOnBothLegsAndFinalisesEveryRecord() throws Exception {
        int calls = 100;
        writeConfiguration();
        start("sigterm");
        Path queueLog = workingDir.resolve("queue-messages.log");
        Process queue = sipp("queue_uas_waits_for_bye.xml", "queue", List.of("-i", "127.0.0.1", "-p",
                String.valueOf(QUEUE_PORT), "-m", String.valueOf(calls)), queueLog);
        Path relayLog = workingDir.resolve("relay-messages.log");
        Process relay = sipp("relay_uac_waits_for_bye.xml", "relay", List.of("-i", TRUNK, "-p",
                String.valueOf(RELAY_PORT), "-m", String.valueOf(calls), "-r", "50", "-l", String.valueOf(calls),
                "127.0.0.1:" + SIP_PORT), relayLog);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> answersIn(relayLog) >= calls);

        relaybridge.destroy(); // SIGTERM
        assertThat(relaybridge.waitFor(60, TimeUnit.SECONDS)).as("relaybridge exits").isTrue();

        assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(relay.exitValue()).as("every relay call got its BYE\n" + tail(relayLog)).isZero();
        assertThat(queue.exitValue()).as("every queue call got its BYE\n" + tail(queueLog)).isZero();
        List<CallRecordView> recorded = recordsAfterRestart();
        assertThat(recorded).hasSize(calls);
        assertThat(recorded).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo("ended");
            assertThat(r.outcome()).isEqualTo("completed:shutdown");
            assertThat(r.answeredAt()).isNotNull();
            assertThat(r.endedAt()).isAfterOrEqualTo(r.answeredAt());
        });
    }

    @Test
    void aKillNineAmidCallsAtTwentyPerSecondLosesNoRecordOfAnAnsweredCall() throws Exception {
        writeConfiguration();
        start("kill9");
        Path queueLog = workingDir.resolve("queue-messages.log");
        sipp("queue_uas_waits_for_bye.xml", "queue", List.of("-i", "127.0.0.1", "-p", String.valueOf(QUEUE_PORT)),
                queueLog);
        Path relayLog = workingDir.resolve("relay-messages.log");
        Process relay = sipp("relay_uac_hangs_up.xml", "relay", List.of("-i", TRUNK, "-p", String.valueOf(RELAY_PORT),
                "-r", "20", "127.0.0.1:" + SIP_PORT), relayLog);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> answersIn(relayLog) >= 100);

        relaybridge.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        assertThat(relaybridge.waitFor(30, TimeUnit.SECONDS)).isTrue();
        relay.destroy();
        relay.waitFor(10, TimeUnit.SECONDS);

        int answered = answersIn(relayLog);
        List<CallRecordView> recorded = recordsAfterRestart();
        long answeredRecords = recorded.stream().filter(r -> r.answeredAt() != null).count();
        assertThat(answeredRecords).as("records with an answer time, of " + answered + " calls the relay saw answered")
                .isGreaterThanOrEqualTo(answered);
        // a call the kill caught while it was still being set up is interrupted with no answer time: it may be
        // unanswered only if it was younger than the set-up timeout (4 s) when the node died
        assertThat(recorded).filteredOn(r -> r.state().equals("interrupted")).allSatisfy(r -> {
            if (r.answeredAt() == null) {
                assertThat(r.offeredAt()).as("an unanswered interrupted call was still being set up")
                        .isAfter(r.endedAt().minusSeconds(5));
            } else {
                assertThat(r.endedAt()).isAfterOrEqualTo(r.answeredAt());
            }
        });
    }

    private void writeConfiguration() throws IOException {
        ShippedConfig.copyTo(configDir);
        // the trunk's own limits (60 calls, 5 calls/s) would refuse the load: this test is about stopping
        Path texttelefoni = configDir.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(texttelefoni, Files.readString(texttelefoni)
                .replaceAll("\"maxConcurrentCalls\": *[0-9]+", "\"maxConcurrentCalls\": null")
                .replaceAll("\"maxCallsPerSecond\": *[0-9]+", "\"maxCallsPerSecond\": null"));
        // a machine shared with other test runs may delay the first messages of a JVM just started: this test is
        // about stopping, not about shedding a late node's calls (docs/overload.md has tests of its own)
        Path sipJson = configDir.resolve("sip-config/sip.json");
        String sip = Files.readString(sipJson).trim();
        Files.writeString(sipJson, sip.substring(0, sip.lastIndexOf('}')) + ", " + TestConfig.LENIENT_OVERLOAD + " }");
        // the records' own file, with room for a machine shared by several test runs: the property under test is that
        // the relay hears no answer before its record is stored, not how soon the database confirms it
        Files.writeString(configDir.resolve("sip-config/database.json"), """
                { "url": "jdbc:h2:file:%s", "user": "relaybridge", "answerStoredWithinMillis": 5000 }
                """.formatted(records()));
        Files.writeString(configDir.resolve("sip-config/queues.json"), """
                { "defaultQueue": "nurse", "setupTimeoutSeconds": 4, "retryAfterSeconds": 30,
                  "ping": { "intervalSeconds": 0, "timeoutSeconds": 1 },
                  "queues": [ { "id": "nurse", "name": "stop and crash", "targets": ["sip:1177@127.0.0.1:%d"] } ] }
                """.formatted(QUEUE_PORT));
    }

    private void start(String run) throws IOException {
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-" + run + ".log").toAbsolutePath();
        relaybridge = new ProcessBuilder(List.of("java", "-Drelaybridge.config.dir=" + configDir,
                "-Drelaybridge.sip.port=" + SIP_PORT, "-jar", bundle.toString(), "--port", String.valueOf(HTTP_PORT)))
                .directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> relaybridge.isAlive()
                        && http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private Process sipp(String scenario, String name, List<String> args, Path messages) throws IOException {
        Path file = workingDir.resolve(name + ".xml");
        Files.writeString(file, Files.readString(SCENARIOS.resolve(scenario)).replace("@WAIT_MS@", "120000"));
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-bind_local", "-nostdin",
                "-trace_msg", "-message_file", messages.toString(), "-timeout", "120s", "-max_retrans", "10"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workingDir.resolve(name + "-stdout.log").toFile()).start();
        sipp.add(process);
        return process;
    }

    /** The calls whose INVITE got a 200 OK, as SIPp logged what it received (a retransmitted 200 counts once). */
    private static int answersIn(Path messages) throws IOException {
        if (!Files.exists(messages)) {
            return 0;
        }
        Set<String> answered = new HashSet<>();
        for (String entry : Files.readString(messages).split("-{20,}")) {
            int start = entry.indexOf("SIP/2.0 200");
            if (entry.contains("message received") && start >= 0 && entry.contains("CSeq: 1 INVITE")) {
                Matcher callId = CALL_ID.matcher(entry);
                if (callId.find()) {
                    answered.add(callId.group(1));
                }
            }
        }
        return answered.size();
    }

    /** Opens the records as relaybridge's next start would (marking what was left in progress as interrupted). */
    private List<CallRecordView> recordsAfterRestart() {
        List<CallRecordView> all = new ArrayList<>();
        try (CallRecords records = CallRecords.open(DatabaseSettings.h2File(records()))) {
            for (int page = 0; ; page++) {
                Page<CallRecordView> items = records.search(CallRecordQuery.all(page, CallRecordQuery.MAX_SIZE));
                all.addAll(items.items());
                if (items.items().size() < CallRecordQuery.MAX_SIZE) {
                    return all;
                }
            }
        }
    }

    private Path records() {
        return workingDir.resolve("relaybridge-data/records").toAbsolutePath();
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 3000));
    }
}
