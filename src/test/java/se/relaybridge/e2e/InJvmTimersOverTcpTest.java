package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Session timer and TCP scenarios against relaybridge's B2BUA in this JVM, where call outcomes can be seen. */
class InJvmTimersOverTcpTest implements InJvmCalls, SessionTimerScenarios, TcpScenarios {

    private static final int SIP_PORT = 28060;
    private static final int QUEUE_PORT = 28070;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static B2bua b2bua;
    private static final List<String> OUTCOMES = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TimersOverTcpConfig.write(configRoot, SIP_PORT, QUEUE_PORT);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
        b2bua = relaybridge.b2bua();
        b2bua.registry().onFinished(call -> OUTCOMES.add(call.outcome()));
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Override
    public Optional<List<String>> outcomes() {
        return Optional.of(List.copyOf(OUTCOMES));
    }

    @Override
    public void forgetOutcomes() {
        OUTCOMES.clear();
    }

    @Override
    public String queueTransport() {
        return "tcp";
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
