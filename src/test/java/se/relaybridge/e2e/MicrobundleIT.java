package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.relaybridge.board.HeadlessChromium;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command, {@code java -jar target/relaybridge-microbundle.jar}, started from an empty
 * folder so only the embedded defaults apply: it must become ready and answer SIP OPTIONS on 5060.
 */
class MicrobundleIT {

    private static final Path STARTUP_FIGURE = Path.of("target/microbundle-startup.txt");

    @TempDir
    Path emptyWorkingDir;
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void runCommandStartsAndAnswersOptionsOn5060() throws IOException {
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-run.log").toAbsolutePath();
        long started = System.nanoTime();
        process = new ProcessBuilder(List.of("java", "-jar", bundle.toString())).directory(emptyWorkingDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> process.isAlive() && Health.fetch(URI.create("http://127.0.0.1:8080/health/ready")).status() == 200);
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        Files.writeString(STARTUP_FIGURE, "microbundle ready after " + readyMillis + " ms\n");
        System.out.println("microbundle ready after " + readyMillis + " ms");

        assertThat(Files.readString(log)).contains("configuration from embedded defaults")
                // a node on its own: Payara's data grid never starts, so nothing joins any other instance
                // (with the grid on, Payara logs its "Data Grid Status" at start; docs/cluster.md)
                .doesNotContain("Data Grid").doesNotContain("relaybridge node");
        // no data grid port (Payara's 6900 on, Hazelcast's 5701 on) and no multicast discovery socket (54327)
        assertThat(ListeningSockets.of(process.pid())).extracting(socket -> socket.local().getPort())
                .doesNotContain(6900, 6901, 5701, 5702, 54327);
        SippPeer monitor = SippPeer.uac(Scenario.of("relay_uac_options.xml"), "127.0.0.99", 5092, "127.0.0.1:5060",
                Duration.ofSeconds(20));
        assertThat(monitor.awaitExit(Duration.ofSeconds(30))).as("OPTIONS" + monitor.report()).isZero();

        // the shipped configuration has no admin login: the API is there, and closed
        AdminClient.Reply api = AdminClient.anonymous(URI.create("http://127.0.0.1:8080/").toURL())
                .as("ops", "any-password-at-all").get("profiles");
        assertThat(api.status()).as(api.body()).isEqualTo(401);
        assertThat(api.json().getString("detail")).contains("no logins configured");
    }

    /** Acceptance 4 of issue 6: the README's demo run command shows text, video and Teletal calls on the board. */
    @Test
    void demoRunCommandShowsAllThreeServicesOnTheBoardWithinAMinute() throws IOException {
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-demo-run.log").toAbsolutePath();
        process = new ProcessBuilder(List.of("java", "-Drelaybridge.demo=true", "-jar", bundle.toString()))
                .directory(emptyWorkingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> process.isAlive() && Health.fetch(URI.create("http://127.0.0.1:8080/health/ready")).status() == 200);

        try (HeadlessChromium chromium = HeadlessChromium.start()) {
            ChromeDriver browser = chromium.driver();
            browser.get("http://127.0.0.1:8080/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
            wait.until(d -> d.findElement(By.id("login")).isDisplayed());
            browser.findElement(By.id("login-user")).sendKeys("demo");
            browser.findElement(By.id("login-password")).sendKeys("demo");
            browser.findElement(By.cssSelector("#login button[type=submit]")).click();

            new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500)).until(d -> {
                String calls = String.join(" ",
                        chromium.texts("#active-rows td[data-field=service], #recent-rows td[data-field=service]"));
                return calls.contains("Text") && calls.contains("Video") && calls.contains("Teletal");
            });
            chromium.screenshot("demo-board");
        }
        assertThat(Files.readString(log)).contains("demo mode: desk on");
    }

    /**
     * Issue 12 row 5: a bad file at start never leaves a half-up node (HTTP up, SIP silent). The microbundle ends with
     * exit status 78 (EX_CONFIG) and every problem of the file, each as {@code file: field: what is wrong}, as its last
     * words, for systemd and Kubernetes to show (docs/configuration.md). SIP on 33100, HTTP on 33180.
     */
    @Test
    void aBrokenQueuesFileAtStartEndsTheProcessWithFileAndFieldAsItsLastWords() throws Exception {
        Path workingDir = emptyWorkingDir;
        ShippedConfig.copyTo(workingDir);
        Path queues = workingDir.resolve("sip-config/queues.json");
        Files.writeString(queues, Files.readString(queues).replace("\"setupTimeoutSeconds\"", "\"setupTimeoutSecond\"")
                .replace("\"sip:1177@127.0.0.1:5072\"", "\"http://queue.example\""));
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-bad-queues.log").toAbsolutePath();
        process = new ProcessBuilder(List.of("java", "-Drelaybridge.sip.port=33100", "-jar", bundle.toString(),
                "--port", "33180")).directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the process ends by itself").isTrue();

        assertThat(process.exitValue()).isEqualTo(78);
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines.subList(lines.size() - 3, lines.size())).containsExactly(
                "relaybridge did not start (exit status 78):",
                "  sip-config/queues.json: setupTimeoutSecond: unknown field (known: defaultQueue, setupTimeoutSeconds,"
                        + " retryAfterSeconds, ping, queues)",
                "  sip-config/queues.json: queues[0].targets[1]: 'http://queue.example' is not a sip: URI with a host");
    }
}
