package se.relaybridge.e2e;

import java.nio.file.Path;

/**
 * The second test configuration: relaybridge on 5160 with a 4 s session timer (Min-SE 2 s) and the nurse
 * queue reached over TCP on 5170, for the session timer and TCP scenarios in this JVM and deployed.
 */
final class TimersOverTcpConfig {

    static final int SIP_PORT = 5160;
    static final int QUEUE_PORT = 5170;
    static final Path DEPLOYED_DIR = Path.of("target/it-config-timers-tcp");

    private TimersOverTcpConfig() {
    }

    static Path write(Path root, int sipPort, int queuePort) {
        return TestConfig.writeWithSipJson(root, sipPort,
                "\"sessionTimer\": { \"sessionExpiresSeconds\": 4, \"minSeSeconds\": 2 }",
                "sip:1177@127.0.0.1:" + queuePort + ";transport=tcp");
    }
}
