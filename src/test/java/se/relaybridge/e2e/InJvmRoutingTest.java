package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/** Region and language routing over SIP, relaybridge in this JVM with a clock the tests move. */
class InJvmRoutingTest implements LanguageRoutingScenarios, InJvmCalls {

    private static final int SIP_PORT = 27460;
    private static final int FIRST_QUEUE_PORT = 27470;
    private static final ShiftedClock CLOCK = new ShiftedClock();

    @TempDir
    static Path configRoot;
    private static RunningB2bua running;

    @BeforeAll
    static void start() throws Exception {
        RoutingConfig.write(configRoot, SIP_PORT, FIRST_QUEUE_PORT, "");
        running = new RunningB2bua(configRoot, SIP_PORT, FIRST_QUEUE_PORT, CLOCK);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @AfterEach
    void realTime() {
        CLOCK.reset();
    }

    @Override
    public void clockAt(Instant moment) {
        CLOCK.startFrom(moment);
    }

    @Override
    public RunningB2bua running() {
        return running;
    }

    @Override
    public int queuePortOf(String queue) {
        return RoutingConfig.port(FIRST_QUEUE_PORT, queue);
    }

}
