package se.relaybridge.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 records database stays open through the JVM's shutdown until relaybridge closes it: a stop by
 * {@code SIGTERM} writes its calls' final records from a shutdown hook, and H2's own hook would otherwise close the
 * database under it the moment the JVM begins to exit (what cost StopAndCrashIT a final record). A JVM of its own,
 * {@link StopBySignal}, so that the shutdown is real.
 */
class RecordsThroughJvmShutdownTest {

    private static final int CALLS = 20;

    @TempDir
    Path folder;

    @Test
    void recordsWrittenWhileTheJvmShutsDownAreAllStored() throws Exception {
        Path file = folder.resolve("records");
        Path out = folder.resolve("stop-by-signal.log");
        Process jvm = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StopBySignal.class.getName(), file.toString(),
                String.valueOf(CALLS))).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        String said = Files.readString(out);

        assertThat(said).as(said).contains("pooled connection after the signal: answers", "failed records: 0",
                "closed");
        try (CallRecords records = CallRecords.open(DatabaseSettings.h2File(file))) {
            assertThat(records.interruptedAtStart()).as("calls left in progress").isZero();
            assertThat(records.search(new CallRecordQuery(null, null, null, null, null, "ended", 0, 1)).total())
                    .isEqualTo(CALLS);
        }
    }
}
