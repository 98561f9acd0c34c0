package se.relaybridge.e2e;

import se.relaybridge.call.B2bua;
import se.relaybridge.call.EngineParts;
import se.relaybridge.config.ConfigLocation;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** relaybridge's B2BUA started in the test JVM from a test configuration folder, with its own worker pool. */
final class RunningB2bua implements AutoCloseable {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final B2bua b2bua;
    private final int sipPort;
    private final int queuePort;

    /** Starts relaybridge from {@code configRoot}, which says it listens on {@code sipPort} and calls the queue on {@code queuePort}. */
    RunningB2bua(Path configRoot, int sipPort, int queuePort) throws Exception {
        this(configRoot, sipPort, queuePort, Clock.systemUTC());
    }

    /** As above, with relaybridge's clock (opening hours, call times) under the test's control. */
    RunningB2bua(Path configRoot, int sipPort, int queuePort, Clock clock) throws Exception {
        this(configRoot, sipPort, queuePort, clock, EngineParts.inMemory());
    }

    /** As above, built with {@code parts} (the records' stores, a watcher of the configuration's reloads). */
    RunningB2bua(Path configRoot, int sipPort, int queuePort, Clock clock, EngineParts parts) throws Exception {
        this.sipPort = sipPort;
        this.queuePort = queuePort;
        try {
            b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, clock, parts, running -> { });
        } catch (Exception | Error e) {
            pool.shutdownNow();
            throw e;
        }
    }

    B2bua b2bua() {
        return b2bua;
    }

    int sipPort() {
        return sipPort;
    }

    int queuePort() {
        return queuePort;
    }

    @Override
    public void close() {
        b2bua.stop();
        pool.shutdownNow();
    }
}
