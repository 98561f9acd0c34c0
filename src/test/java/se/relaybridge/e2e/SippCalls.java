package se.relaybridge.e2e;

import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running relaybridge that SIPp plays against, and the moves every scenario test shares: start the nurse
 * queue (UAS), place the relay's call (UAC), check both finished their scenario and no call is left.
 */
public interface SippCalls {

    String TEXT_RELAY_TRUNK = "127.0.0.11";
    String STRANGER = "127.0.0.99";
    Duration CALL_LIMIT = Duration.ofSeconds(30);
    int RELAY_PORT = 5091;

    /** relaybridge's SIP address, "host:port". */
    String relaybridge();

    /** Where relaybridge sends calls for the nurse queue: loopback in every test configuration. */
    default String queueIp() {
        return "127.0.0.1";
    }

    int queuePort();

    /** Calls relaybridge holds right now. */
    int activeCalls();

    /** The transport of the nurse queue's target, as its URI in queues.json says. */
    default String queueTransport() {
        return "udp";
    }

    default SippPeer queue(Scenario scenario) {
        SippPeer queue = SippPeer.uas(scenario, queueIp(), queuePort(), CALL_LIMIT, queueTransport());
        awaitAnswering(queuePort());
        return queue;
    }

    /** A nurse queue target on {@code port} of {@link #queueIp()}, once relaybridge knows it answers. */
    default SippPeer queueTarget(Scenario scenario, int port) {
        SippPeer queue = SippPeer.uas(scenario, queueIp(), port, CALL_LIMIT);
        awaitAnswering(port);
        return queue;
    }

    /**
     * Calls skip a queue target relaybridge knows to be down, and refuse at once when all are (docs/target-health.md):
     * a test that has just started a target waits until relaybridge's OPTIONS pings have found it answering.
     */
    default void awaitAnswering(int port) {
    }

    default SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, RELAY_PORT, relaybridge(), CALL_LIMIT);
    }

    default void assertCompleted(SippPeer relay, SippPeer queue) {
        int relayExit = relay.awaitExit(CALL_LIMIT.plusSeconds(5));
        int queueExit = queue.awaitExit(CALL_LIMIT.plusSeconds(5));
        assertThat(relayExit).as("relay side" + relay.report()).isZero();
        assertThat(queueExit).as("queue side" + queue.report()).isZero();
    }

    default void assertNoCallLeft() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(activeCalls()).isZero());
    }

    /** Every Call-Info value, whether sent as headers of their own or comma-joined in one (as JAIN SIP does). */
    static List<String> callInfos(SipText message) {
        return message.headers("Call-Info").stream().flatMap(v -> java.util.Arrays.stream(v.split(",(?=\\s*<)")))
                .map(String::strip).toList();
    }

    /** The m= and a= lines of an SDP body, in order: what must cross relaybridge unchanged. */
    static List<String> mediaLines(String sdp) {
        return sdp.lines().map(String::strip).filter(l -> l.startsWith("m=") || l.startsWith("a=")).toList();
    }

    /** Messages of one kind in a peer's log: requests by method, responses by "status METHOD". */
    static List<SipText> seen(SippPeer peer, boolean received, String startsWith, String cseqMethod) {
        return SipText.parseLog(peer.messages()).stream()
                .filter(m -> m.received() == received && m.startLine().startsWith(startsWith))
                .filter(m -> cseqMethod == null || m.header("CSeq").orElse("").endsWith(" " + cseqMethod))
                .toList();
    }
}
