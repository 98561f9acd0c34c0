package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redeploys the application inside one running Payara Micro (an exploded WAR reloads when its
 * {@code .reload} file is touched) and checks, by a thread dump of that process, that every redeploy leaves
 * exactly one SIP stack's threads, that no thread of the undeployed application (relaybridge's own, the JAIN SIP
 * RI's: by JVM thread number, named in the failure) survives the undeploy, and that the SIP port is bound again
 * and answers.
 */
class PayaraRedeployIT {

    private static final Pattern SIP_THREAD = Pattern.compile(
            "^\"([^\"]*(EventScanner|SipTimer|MessageProcessorThread|MessageChannelThread|DispatchAuditor)[^\"]*)\"",
            Pattern.MULTILINE);
    /** relaybridge's own threads and the JAIN SIP RI's, with their JVM thread number (unique for the process' life). */
    private static final Pattern APP_THREAD = Pattern.compile(
            "^\"([^\"]*(relaybridge|EventScanner|SipTimer|MessageProcessorThread|MessageChannelThread|DispatchAuditor"
                    + "|ReInviteSender)[^\"]*)\" #(\\d+)", Pattern.MULTILINE);
    private static final int HTTP_PORT = 18181;

    @TempDir
    Path work;
    private Process payara;

    @AfterEach
    void stop() throws InterruptedException {
        if (payara != null) {
            payara.destroy();
            if (!payara.waitFor(30, TimeUnit.SECONDS)) {
                payara.destroyForcibly();
            }
        }
    }

    @Test
    void redeployLeavesOneSipStackAndRebindsThePort() throws Exception {
        Path exploded = work.resolve("relaybridge");
        copyTree(Path.of("target/relaybridge"), exploded);
        Path log = Path.of("target/payara-redeploy.log").toAbsolutePath();
        payara = new ProcessBuilder(List.of(javaHome("java"), "-Xmx512m", "-jar",
                Path.of(System.getProperty("payara.microJar")).toAbsolutePath().toString(),
                "--deploy", exploded.toString(), "--nohazelcast", "--disablephonehome", "--port", String.valueOf(HTTP_PORT)))
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        awaitDeployments(log, 1);
        assertAnswersOptions("first deploy");
        Map<String, Long> firstStack = sipThreads();
        assertThat(firstStack).containsKey("EventScannerThread");

        Map<String, String> deployed = appThreads();
        for (int redeploy = 2; redeploy <= 3; redeploy++) {
            Path reload = exploded.resolve(".reload");
            if (!Files.exists(reload)) {
                Files.createFile(reload);
            }
            Files.setLastModifiedTime(reload, FileTime.from(Instant.now().plusSeconds(redeploy)));
            awaitDeployments(log, redeploy);
            assertAnswersOptions("redeploy " + redeploy);
            int round = redeploy;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(sipThreads()).as("SIP threads after redeploy " + round).isEqualTo(firstStack));
            // the undeploy ended every thread the previous deployment had: none of them is still there, by name
            Map<String, String> previous = deployed;
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Map<String, String> now = appThreads();
                assertThat(now.entrySet().stream().filter(t -> previous.containsKey(t.getKey()))
                        .map(t -> t.getValue() + " #" + t.getKey()).toList())
                        .as("threads of the undeployed application still running after redeploy " + round).isEmpty();
            });
            deployed = appThreads();
        }
        assertThat(Files.readString(log)).contains("SIP stack stopped");
    }

    private void awaitDeployments(Path log, int count) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            assertThat(payara.isAlive()).as("Payara Micro running").isTrue();
            return countOf(Files.readString(log), "SIP listening on") >= count
                    && Health.fetch(URI.create("http://127.0.0.1:" + HTTP_PORT + "/health/ready")).status() == 200;
        });
    }

    private static void assertAnswersOptions(String when) {
        SippPeer ping = SippPeer.uac(Scenario.of("relay_uac_options.xml"), "127.0.0.99", 5094, "127.0.0.1:5060",
                Duration.ofSeconds(10));
        assertThat(ping.awaitExit(Duration.ofSeconds(20))).as("OPTIONS after " + when + ping.report()).isZero();
    }

    /** SIP stack thread names of the Payara process (numbered channel threads counted by kind). */
    private Map<String, Long> sipThreads() throws IOException, InterruptedException {
        Matcher m = SIP_THREAD.matcher(threadDump());
        Stream.Builder<String> names = Stream.builder();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names.build().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** relaybridge's and the SIP stack's threads of the Payara process: JVM thread number to name. */
    private Map<String, String> appThreads() throws IOException, InterruptedException {
        Matcher m = APP_THREAD.matcher(threadDump());
        Map<String, String> threads = new java.util.HashMap<>();
        while (m.find()) {
            threads.put(m.group(3), m.group(1));
        }
        return threads;
    }

    private String threadDump() throws IOException, InterruptedException {
        Process jstack = new ProcessBuilder(javaHome("jstack"), String.valueOf(payara.pid())).redirectErrorStream(true).start();
        String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jstack.waitFor(30, TimeUnit.SECONDS);
        return dump;
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static String javaHome(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
