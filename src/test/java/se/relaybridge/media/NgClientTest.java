package se.relaybridge.media;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The ng client against a real rtpengine (Debian's {@code rtpengine-daemon}, userspace forwarding; .ci/run installs
 * it): a relay's offer of audio and T.140 text comes back on rtpengine's own address and ports with its text
 * stream's payload types intact, the nurse's answer likewise, and the call is queried and deleted.
 */
class NgClientTest {

    private static final int NG_PORT = 38822;
    private static final InetSocketAddress ENGINE = new InetSocketAddress("127.0.0.1", NG_PORT);
    private static final String RELAY_OFFER = String.join("\r\n", "v=0", "o=relay 2890844526 2890844526 IN IP4 127.0.0.11",
            "s=-", "c=IN IP4 127.0.0.11", "t=0 0", "m=audio 49170 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
            "m=text 49172 RTP/AVP 98 100", "a=rtpmap:98 t140/1000", "a=rtpmap:100 red/1000", "a=fmtp:100 98/98/98",
            "") + "\r\n";
    private static final String NURSE_ANSWER = String.join("\r\n", "v=0", "o=nurse 1 1 IN IP4 127.0.0.1", "s=-",
            "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 51372 RTP/AVP 0", "a=rtpmap:0 PCMU/8000",
            "m=text 51374 RTP/AVP 98 100", "a=rtpmap:98 t140/1000", "a=rtpmap:100 red/1000", "a=fmtp:100 98/98/98",
            "") + "\r\n";

    private static Process rtpengine;
    private static NgClient ng;

    @BeforeAll
    static void start() throws Exception {
        Path run = Files.createTempDirectory("rtpengine-ng-test");
        rtpengine = new ProcessBuilder("rtpengine", "--table=-1", "--interface=127.0.0.1",
                "--listen-ng=127.0.0.1:" + NG_PORT, "--foreground", "--log-stderr",
                "--pidfile=" + run.resolve("rtpengine.pid"), "--port-min=31000", "--port-max=31099")
                .redirectErrorStream(true).redirectOutput(Path.of("target/rtpengine-ng-test.log").toFile()).start();
        ng = new NgClient(ENGINE, "127.0.0.1", Duration.ofMillis(200), 5);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> "pong".equals(ng.command(Map.of("command", "ping")).get(2, TimeUnit.SECONDS).get("result")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ng != null) {
            ng.close();
        }
        if (rtpengine != null) {
            rtpengine.destroy();
            rtpengine.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bothSidesSeeOnlyRtpenginesAddressAndTheTextStreamKeepsItsPayloadTypes() throws Exception {
        // rtpengine keeps the origin line unless told to replace it: it names the relay's address
        Map<String, Object> offered = ng.command(Map.of("command", "offer", "call-id", "ng-test-1",
                "from-tag", "relay-tag", "sdp", RELAY_OFFER, "replace", List.of("origin")))
                .get(5, TimeUnit.SECONDS);
        String toNurse = (String) offered.get("sdp");
        assertThat(toNurse).contains("c=IN IP4 127.0.0.1").doesNotContain("127.0.0.11")
                .doesNotContain(" 49170 ").doesNotContain(" 49172 ")
                .contains("a=rtpmap:98 t140/1000", "a=rtpmap:100 red/1000", "a=fmtp:100 98/98/98");
        assertThat(mediaPorts(toNurse)).allSatisfy(port -> assertThat(port).isBetween(31000, 31099));

        Map<String, Object> answered = ng.command(Map.of("command", "answer", "call-id", "ng-test-1",
                "from-tag", "relay-tag", "to-tag", "nurse-tag", "sdp", NURSE_ANSWER, "replace", List.of("origin")))
                .get(5, TimeUnit.SECONDS);
        String toRelay = (String) answered.get("sdp");
        assertThat(toRelay).doesNotContain(" 51372 ").doesNotContain(" 51374 ")
                .contains("m=text", "a=rtpmap:98 t140/1000");
        assertThat(mediaPorts(toRelay)).allSatisfy(port -> assertThat(port).isBetween(31000, 31099))
                .doesNotContainAnyElementsOf(mediaPorts(toNurse));

        Map<String, Object> query = ng.command(Map.of("command", "query", "call-id", "ng-test-1"))
                .get(5, TimeUnit.SECONDS);
        assertThat(query).containsKeys("tags", "totals");
        assertThat(ng.command(Map.of("command", "delete", "call-id", "ng-test-1")).get(5, TimeUnit.SECONDS))
                .containsEntry("result", "ok");
    }

    @Test
    void aCommandRtpengineRefusesFailsWithItsReason() {
        assertThatThrownBy(() -> ng.command(Map.of("command", "no such command")).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(NgClient.NgException.class)
                .hasMessage("rtpengine refused no such command: error (Unrecognized command)");
    }

    @Test
    void deletingACallRtpengineDoesNotKnowIsNoErrorOnlyAWarning() throws Exception {
        // what a call's end must be able to do twice (a retransmitted delete, a node that took the call up)
        assertThat(ng.command(Map.of("command", "delete", "call-id", "no-such-call")).get(5, TimeUnit.SECONDS))
                .containsEntry("result", "ok").containsKey("warning");
    }

    @Test
    void aCommandNobodyAnswersFailsAfterItsLastSending() throws Exception {
        try (NgClient nobody = new NgClient(new InetSocketAddress("127.0.0.1", NG_PORT + 1), "127.0.0.1",
                Duration.ofMillis(50), 3)) {
            assertThatThrownBy(() -> nobody.command(Map.of("command", "ping")).get(5, TimeUnit.SECONDS))
                    .cause().isInstanceOf(NgClient.NgException.class)
                    .hasMessageContaining("did not answer ping (3 sendings, 50 ms apart)");
        }
    }

    private static List<Integer> mediaPorts(String sdp) {
        return sdp.lines().filter(line -> line.startsWith("m=")).map(line -> Integer.parseInt(line.split(" ")[1]))
                .toList();
    }
}
