package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Issue 12 row 7, at every point of the call: a stranger's call admitted with {@code "untrustedCalls": "admit"} sends
 * its re-INVITEs, UPDATE and INFO posing as a relay and an emergency (Priority, identities, X-Relay-*, Call-Info, a
 * new display name, multipart bodies with RFC 7852 blocks and relay JSON), and in its answer to the nurse's
 * re-INVITE. Read at a SIPp nurse queue: none of it arrives, only the SDP and a DTMF event; the relay JSON INFO is
 * refused {@code 415} on the stranger's own hop.
 */
class StrangerMidDialogTest implements InJvmCalls {

    private static final int SIP_PORT = 43060;
    private static final int QUEUE_PORT = 43070;
    private static final String STRANGER_IP = "127.0.0.97";
    private static final int STRANGER_PORT = 43091;

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT)
            .withSipJson("\"untrustedCalls\": \"admit\"");

    /** Every header a stranger's in-dialog request may carry to the nurse: relaybridge's own and Session-ID. */
    private static final Set<String> ALLOWED = Set.of("via", "max-forwards", "from", "to", "call-id", "cseq", "contact",
            "user-agent", "session-id", "content-type", "content-length", "route", "info-package", "recv-info",
            "content-disposition");

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Test
    void nothingAStrangerSendsInsideItsCallLooksLikeARelayOrAnEmergencyToTheNurse() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uas_answers_stranger_midcall")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer stranger = SippPeer.uac(Scenario.of("relay_uac_call.xml")
                .withFragment("MIDCALL_BLOCK", "mid_uac_stranger_poses_as_relay")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye").with("BYE_CSEQ", "7"),
                STRANGER_IP, STRANGER_PORT, relaybridge(), CALL_LIMIT);
        assertCompleted(stranger, queue);

        List<SipText> reinvites = seen(queue, true, "INVITE", null).stream()
                .filter(m -> !m.header("CSeq").orElse("").startsWith("1 ")).toList();
        assertThat(reinvites).as("the stranger's two re-INVITEs at the queue").hasSize(2);
        SipText offer = reinvites.get(0);
        assertOnlySdp(offer);
        assertThat(offer.body()).contains("o=stranger 1 2 ", "m=audio 49170 RTP/AVP 0");
        assertNothingPosed(offer);
        assertNothingPosed(reinvites.get(1));
        assertThat(reinvites.get(1).body().strip()).as("a re-INVITE without an offer stays one").isEmpty();

        List<SipText> acks = seen(queue, true, "ACK", null).stream()
                .filter(m -> m.header("CSeq").orElse("").endsWith("ACK") && m.body().contains("v=0")).toList();
        assertThat(acks).as("the ACK carrying the stranger's answer").hasSize(1);
        assertOnlySdp(acks.get(0));
        assertThat(acks.get(0).body()).contains("o=stranger 1 3 ");

        SipText update = seen(queue, true, "UPDATE", null).get(0);
        assertOnlySdp(update);
        assertThat(update.body()).contains("o=stranger 1 4 ", "a=sendonly");
        assertNothingPosed(update);
        assertThat(update.header("From").orElseThrow()).as("the nurse sees her dialog's From (the stranger mark; SIPp logs are read as ISO-8859-1), never the stranger's new one")
                .contains(", ej via tolktj").doesNotContain("via tolk +");

        List<SipText> infos = seen(queue, true, "INFO", null);
        assertThat(infos).as("only the DTMF INFO reaches the nurse").hasSize(1);
        assertThat(infos.get(0).header("Content-Type").orElseThrow()).isEqualToIgnoringCase("application/dtmf-relay");
        assertThat(infos.get(0).body()).contains("Signal=5");
        assertNothingPosed(infos.get(0));
        SipText answer = seen(queue, true, "SIP/2.0 200", "INVITE").stream()
                .filter(m -> m.body().contains("o=stranger 1 5 ")).findFirst().orElseThrow();
        assertThat(answer.startLine()).as("the standard reason phrase, not the stranger's").isEqualTo("SIP/2.0 200 OK");
        assertOnlySdp(answer);
        assertThat(answer.headerLines().stream().map(l -> l.substring(0, l.indexOf(':')).strip().toLowerCase(Locale.ROOT)))
                .as("the stranger's answer at the queue")
                .doesNotContain("priority", "p-asserted-identity", "x-relay-service", "call-info");
        assertThat(answer.text()).doesNotContain("Texttelefon via tolk", "EmergencyCallData", "Relay Provider");

        SipText refused = seen(stranger, true, "SIP/2.0 415", "INFO").get(0);
        assertThat(refused.headers("Accept")).as("what an INFO of a stranger may carry").isNotEmpty();
        assertNoCallLeft();
    }

    private static void assertOnlySdp(SipText message) {
        assertThat(message.header("Content-Type").orElseThrow()).as(message.startLine())
                .isEqualToIgnoringCase("application/sdp");
        assertThat(message.body()).as(message.startLine()).startsWith("v=0")
                .doesNotContain("EmergencyCallData", "ProviderInfo", "Relay Provider", "bildtelefoni", "stranger-mid");
    }

    private static void assertNothingPosed(SipText message) {
        assertThat(message.headerLines()).as(message.startLine() + " at the queue").allSatisfy(line -> {
            String name = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
            assertThat(name).isIn(ALLOWED);
        });
        assertThat(message.text()).as(message.startLine())
                .doesNotContain("emergency", "Texttelefon via tolk", "tolk-9999", "+46701234567", "EmergencyCallData",
                        "relay-metadata", "bildtelefoni");
    }
}
