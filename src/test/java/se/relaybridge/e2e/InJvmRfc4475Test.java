package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The RFC 4475 corpus and the SIP edge scenarios against relaybridge's B2BUA in this JVM: the quick twin of {@link Rfc4475MicrobundleIT}. */
class InJvmRfc4475Test implements InJvmCalls, Rfc4475Scenarios, SipEdgeScenarios, TcpReconnectScenario {

    private static final int SIP_PORT = 31060;
    private static final int QUEUE_PORT = 31070;

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;

    @BeforeAll
    static void start() throws Exception {
        relaybridge = new RunningB2bua(EdgeConfig.write(configRoot, SIP_PORT, QUEUE_PORT), SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }

    @Override
    public int relayPort() {
        return 31091;
    }
}
