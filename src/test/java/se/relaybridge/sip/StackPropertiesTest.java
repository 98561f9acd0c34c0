package se.relaybridge.sip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackPropertiesTest {

    @TempDir
    Path root;

    @Test
    void theShippedFileIsReadAsItIs() {
        assertThat(StackProperties.read(ConfigLocation.of(Path.of("."))))
                .containsEntry("gov.nist.javax.sip.REENTRANT_LISTENER", "true")
                .containsEntry("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
    }

    @Test
    void aNameJainSipDoesNotReadIsRefusedByNameEveryOneOfThem() throws IOException {
        Files.createDirectories(root.resolve("sip-config"));
        Files.writeString(root.resolve("sip-config/stack.properties"), """
                gov.nist.javax.sip.THREAD_POOL_SIZ=8
                gov.nist.javax.sip.MAX_MESSAGE_SIZE=65536
                javax.net.ssl.keyStoreType=PKCS12
                sip.REENTRANT_LISTENER=true
                """);

        assertThatThrownBy(() -> StackProperties.read(ConfigLocation.of(root))).isInstanceOf(ConfigProblem.class)
                .satisfies(e -> assertThat(Stream.concat(Stream.of(e), Arrays.stream(e.getSuppressed()))
                        .map(Throwable::getMessage)).containsExactly(
                        "sip-config/stack.properties: gov.nist.javax.sip.THREAD_POOL_SIZ: is not a property JAIN SIP"
                                + " reads (gov.nist.javax.sip.* and javax.sip.* names of the SipStackImpl javadoc)",
                        "sip-config/stack.properties: sip.REENTRANT_LISTENER: is not a property JAIN SIP reads"
                                + " (gov.nist.javax.sip.* and javax.sip.* names of the SipStackImpl javadoc)"));
    }

    @Test
    void withoutTheFileJainSipsDefaultsApply() {
        assertThat(StackProperties.read(ConfigLocation.of(root))).isEmpty();
    }
}
