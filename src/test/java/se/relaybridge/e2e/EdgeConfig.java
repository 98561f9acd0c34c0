package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SIP edge test configuration: the shipped one with the texttelefoni trunk moved to 127.0.0.31. The RFC 4475
 * messages name their own reply port in Via (5060 mostly, RFC 3261 §18.2.2), so the trunk gets an address no other
 * test's peer binds, and the message size limit is set below a UDP datagram; the trunk's call rate is raised since the corpus places a dozen INVITEs in a few seconds.
 */
final class EdgeConfig {

    static final String TRUNK = "127.0.0.31";
    /** Below UDP's datagram, so that the limit can be tried over UDP as well as TCP. */
    static final int MAX_MESSAGE_BYTES = 40_000;

    private EdgeConfig() {
    }

    static Path write(Path root, int sipPort, int queuePort) {
        TestConfig.write(root, sipPort, "sip:1177@127.0.0.1:" + queuePort);
        try {
            Path profiles = root.resolve("relay-profiles");
            Files.delete(profiles.resolve("bildtelefoni.json"));
            Files.delete(profiles.resolve("teletal.json"));
            Path texttelefoni = profiles.resolve("texttelefoni.json");
            Files.writeString(texttelefoni, Files.readString(texttelefoni)
                    .replace("127.0.0.11/32", TRUNK + "/32")
                    .replace("\"maxCallsPerSecond\": 5", "\"maxCallsPerSecond\": 100"));
            Path stack = root.resolve("sip-config/stack.properties");
            Files.writeString(stack, Files.readString(stack).replace("gov.nist.javax.sip.MAX_MESSAGE_SIZE=65536",
                    "gov.nist.javax.sip.MAX_MESSAGE_SIZE=" + MAX_MESSAGE_BYTES));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
