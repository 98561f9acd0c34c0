package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The core flows against relaybridge's B2BUA started in this JVM (no application server): fast feedback. */
class InJvmRelayCallTest implements InJvmCalls, CoreCallScenarios, MidDialogScenarios, FailoverScenarios, RelayProfileScenarios,
        TransferScenarios {

    private static final int SIP_PORT = 25060;
    private static final int QUEUE_PORT = 25070;
    private static final int BACKUP_QUEUE_PORT = 25072;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static B2bua b2bua;

    @BeforeAll
    static void start() throws Exception {
        LogScan.install();
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT, "sip:1177@127.0.0.1:" + BACKUP_QUEUE_PORT);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
        b2bua = relaybridge.b2bua();
    }

    /** After the whole suite: no dialog outlived its call, and once retransmission timers ran out, nothing is left. */
    @AfterAll
    static void leakSweepFindsNothingThenStop() {
        try {
            assertThat(LogScan.lines()).as("captured log lines").isNotEmpty();
            assertThat(LogScan.linesWithPhoneNumbers()).as("log lines with a full phone number").isEmpty();
            assertThat(b2bua.leakReport().orphanDialogs()).as("orphan dialogs").isZero();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(b2bua.leakReport()).satisfies(r -> assertThat(r.empty()).as(r.toString()).isTrue()));
        } finally {
            relaybridge.close();
        }
    }

    @Override
    public boolean queueHasAllPresentations() {
        return true;
    }

    @Override
    public int backupQueuePort() {
        return BACKUP_QUEUE_PORT;
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
