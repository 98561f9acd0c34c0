package se.relaybridge.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks every test class of the suite ends with, registered for all of them by JUnit's extension
 * autodetection ({@code junit-platform.properties}, {@code META-INF/services}), so a new SIP suite cannot
 * forget them. Over the log lines written while the class ran — relaybridge's in this JVM ({@link LogScan},
 * FINE and up), the console of a Payara Micro that Arquillian runs, and every server log a test writes to
 * {@code target/*.log} (a microbundle or Payara process of its own):
 * <ul>
 *   <li>no full phone number (relaybridge masks them; see {@code NumberMask});</li>
 *   <li>no finding of the leak sweep ({@code leak sweep: …}): relaybridge sweeps every 60 s and once more when
 *       its B2BUA stops, so a dialog that outlived its call in any class is named there.</li>
 * </ul>
 */
public final class SuiteChecks implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace HERE = ExtensionContext.Namespace.create(SuiteChecks.class);
    static final String LEAK_FINDING = "leak sweep:";
    private static final Path SERVER_LOGS = Path.of("target");

    private record Start(int logLines, int consoleLines, FileTime time) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LogScan.install();
        ConsoleCapture.install();
        context.getStore(HERE).put(Start.class, new Start(LogScan.lines().size(), ConsoleCapture.size(),
                FileTime.fromMillis(System.currentTimeMillis() - 1000)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Start start = context.getStore(HERE).get(Start.class, Start.class);
        if (start == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        List<String> logged = LogScan.lines();
        lines.addAll(logged.subList(Math.min(start.logLines(), logged.size()), logged.size()));
        lines.addAll(ConsoleCapture.linesFrom(start.consoleLines()));
        lines.addAll(serverLogLinesSince(start.time()));
        String suite = context.getRequiredTestClass().getSimpleName();
        assertThat(lines.stream().filter(LogScan::hasPhoneNumber).toList())
                .as(suite + ": log lines with a full phone number").isEmpty();
        assertThat(lines.stream().filter(l -> l.contains(LEAK_FINDING)).toList())
                .as(suite + ": leak sweep findings (a dialog outlived its call)").isEmpty();
    }

    /** Lines of the server logs (target/*.log) written since the class began. */
    private static List<String> serverLogLinesSince(FileTime since) {
        if (!Files.isDirectory(SERVER_LOGS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(SERVER_LOGS)) {
            List<String> out = new ArrayList<>();
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                if (Files.isRegularFile(log) && Files.getLastModifiedTime(log).compareTo(since) >= 0) {
                    out.addAll(new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).lines().toList());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
