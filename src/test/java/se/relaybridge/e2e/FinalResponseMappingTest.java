package se.relaybridge.e2e;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * What the relay hears when the nurse queue (a SIPp UAS, the only target) ends the call with a final failure,
 * over real SIP: a redirect is not followed and not revealed (480), a challenge meant for relaybridge is not
 * passed on (403), a 5xx fails over and, with no target left, becomes relaybridge's own 503 with its own
 * {@code Retry-After}, a 405 (relaybridge does allow INVITE) is relaybridge's 500, and 6xx and other 4xx pass as
 * they are.
 */
class FinalResponseMappingTest implements InJvmCalls {

    private static final int SIP_PORT = 35060;
    private static final int QUEUE_PORT = 35070;
    private static final int TRUNK_PORT = 35091;

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT);

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Override
    public SippPeer relay(String from, Scenario scenario) {
        return SippPeer.uac(scenario, from, TRUNK_PORT, relaybridge(), CALL_LIMIT);
    }

    @ParameterizedTest(name = "queue {0} {1} -> relay {3}")
    @CsvSource(delimiter = '|', textBlock = """
            301 | Moved Permanently      | Contact: <sip:nurse-7@10.20.30.40:5060> | 480
            302 | Moved Temporarily      | Contact: <sip:nurse-7@10.20.30.40:5060> | 480
            380 | Alternative Service    | Contact: <sip:nurse-7@10.20.30.40:5060> | 480
            401 | Unauthorized           | WWW-Authenticate: Digest realm="1177.se", nonce="4f2a", algorithm=MD5 | 403
            407 | Proxy Authentication Required | Proxy-Authenticate: Digest realm="1177.se", nonce="4f2a", algorithm=MD5 | 403
            405 | Method Not Allowed     | Allow: OPTIONS, BYE | 500
            486 | Busy Here              | Retry-After: 60 | 486
            600 | Busy Everywhere        | Retry-After: 60 | 600
            603 | Decline                |  | 603
            604 | Does Not Exist Anywhere |  | 604
            606 | Not Acceptable         |  | 606
            """)
    void aFinalFailureOfTheQueueReachesTheRelayAsItMeansForTheRelay(int status, String reason, String header,
                                                                     int relayStatus) {
        SippPeer queue = queue(Scenario.of("queue_uas_final.xml").with("STATUS", String.valueOf(status))
                .with("REASON", reason).with("FINAL_HEADERS", header == null ? "" : "\n" + header));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", String.valueOf(relayStatus)));
        assertCompleted(relay, queue);

        SipText heard = single(seen(relay, true, "SIP/2.0 " + relayStatus, "INVITE"), relay);
        // nothing of the queue's own hop reaches the relay: not the redirect target, not the challenge, not its Allow
        assertThat(heard.text()).doesNotContain("10.20.30.40");
        assertThat(heard.headers("WWW-Authenticate")).isEmpty();
        assertThat(heard.headers("Proxy-Authenticate")).isEmpty();
        assertThat(heard.headers("Allow")).isEmpty();
        assertThat(heard.header("Retry-After")).isEmpty();
        assertNoCallLeft();
    }

    @ParameterizedTest(name = "queue {0} {1} -> relay 503 Retry-After 30")
    @CsvSource(delimiter = '|', textBlock = """
            503 | Service Unavailable | Retry-After: 120
            500 | Server Internal Error | Retry-After: 5
            501 | Not Implemented     |
            """)
    void aServerFailureOfTheLastTargetIsRelaybridgesOwn503WithItsRetryAfter(int status, String reason, String header) {
        SippPeer queue = queue(Scenario.of("queue_uas_final.xml").with("STATUS", String.valueOf(status))
                .with("REASON", reason).with("FINAL_HEADERS", header == null ? "" : "\n" + header));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "503"));
        assertCompleted(relay, queue);

        SipText heard = single(seen(relay, true, "SIP/2.0 503", "INVITE"), relay);
        // retryAfterSeconds of queues.json: when relaybridge can take the call again, not when that queue target could
        assertThat(heard.header("Retry-After")).hasValue("30");
        assertNoCallLeft();
    }

    private static SipText single(List<SipText> responses, SippPeer relay) {
        assertThat(responses).as("final responses the relay got" + relay.report()).hasSize(1);
        return responses.get(0);
    }
}
