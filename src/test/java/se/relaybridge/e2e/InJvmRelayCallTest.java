package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The core flows against relaybridge's B2BUA started in this JVM (no application server): fast feedback. */
class InJvmRelayCallTest implements CoreCallScenarios, MidDialogScenarios, FailoverScenarios {

    private static final int SIP_PORT = 25060;
    private static final int QUEUE_PORT = 25070;
    private static final int BACKUP_QUEUE_PORT = 25072;

    @TempDir
    static Path configRoot;
    private static ExecutorService pool;
    private static B2bua b2bua;

    @BeforeAll
    static void start() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT, "sip:1177@127.0.0.1:" + BACKUP_QUEUE_PORT);
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (b2bua != null) {
            b2bua.stop();
        }
        pool.shutdownNow();
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + SIP_PORT;
    }

    @Override
    public String queueIp() {
        return "127.0.0.1";
    }

    @Override
    public int queuePort() {
        return QUEUE_PORT;
    }

    @Override
    public int backupQueuePort() {
        return BACKUP_QUEUE_PORT;
    }

    @Override
    public int activeCalls() {
        return b2bua.registry().size();
    }
}
