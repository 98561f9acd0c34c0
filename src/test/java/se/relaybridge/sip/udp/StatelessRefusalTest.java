package se.relaybridge.sip.udp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The receive loop's own 503 (RFC 3261 §8.2.6.2, §21.5.4): for new INVITEs only, built from their own headers. */
class StatelessRefusalTest {

    private static final String INVITE = String.join("\r\n",
            "INVITE sip:1177@127.0.0.1 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.11:5070;branch=z9hG4bK-1;rport",
            "Via: SIP/2.0/UDP 10.0.0.1:5080;branch=z9hG4bK-0",
            "Max-Forwards: 70",
            "From: \"Texttelefoni\" <sip:relay@127.0.0.11>;tag=abc",
            "To: <sip:1177@127.0.0.1;tag=uri-param-not-a-tag>",
            "Call-ID: call-1@127.0.0.11",
            "CSeq: 1 INVITE",
            "Content-Length: 0",
            "", "");

    private static StatelessRefusal refusal(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        return StatelessRefusal.of(bytes, bytes.length, 7);
    }

    @Test
    void aNewInviteGetsA503BuiltFromItsOwnHeadersWithATagAndRetryAfter() {
        StatelessRefusal refusal = refusal(INVITE);
        String response = new String(refusal.response(), StandardCharsets.ISO_8859_1);
        assertThat(response).startsWith("SIP/2.0 503 Service Unavailable\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.11:5070;branch=z9hG4bK-1;rport\r\n"
                        + "Via: SIP/2.0/UDP 10.0.0.1:5080;branch=z9hG4bK-0\r\n"
                        + "From: \"Texttelefoni\" <sip:relay@127.0.0.11>;tag=abc\r\n"
                        + "To: <sip:1177@127.0.0.1;tag=uri-param-not-a-tag>;tag=")
                .contains("\r\nCall-ID: call-1@127.0.0.11\r\nCSeq: 1 INVITE\r\nRetry-After: 7\r\n")
                .endsWith("Content-Length: 0\r\n\r\n")
                .doesNotContain("Max-Forwards");
        assertThat(refusal.port(40000)).as("rport: back to the source port").isEqualTo(40000);
    }

    @Test
    void withoutRportTheAnswerGoesToTheViasPort() {
        String noRport = INVITE.replace(";rport", "");
        assertThat(refusal(noRport).port(40000)).isEqualTo(5070);
        assertThat(refusal(noRport.replace("127.0.0.11:5070", "relay.example")).port(40000)).isEqualTo(5060);
    }

    @Test
    void compactHeaderNamesAreRead() {
        String compact = INVITE.replace("Via:", "v:").replace("From:", "f:").replace("To:", "t:").replace("Call-ID:", "i:");
        String response = new String(refusal(compact).response(), StandardCharsets.ISO_8859_1);
        assertThat(response).contains("Via: SIP/2.0/UDP 127.0.0.11:5070", "Call-ID: call-1@127.0.0.11\r\n");
    }

    @Test
    void aRetryAfterTheRefusalIsAnotherInviteThanARetransmission() {
        // the receive loop and the gate remember an INVITE by Call-ID and CSeq number: a retransmission is the same,
        // the relay's new try after Retry-After (same Call-ID, higher CSeq) is judged afresh
        assertThat(refusal(INVITE).key()).isEqualTo(refusal(INVITE).key()).isEqualTo(InviteKey.of("call-1@127.0.0.11", 1));
        assertThat(refusal(INVITE.replace("CSeq: 1 INVITE", "CSeq: 2 INVITE")).key()).isNotEqualTo(refusal(INVITE).key());
        assertThat(refusal(INVITE.replace("CSeq: 1 INVITE", "CSeq: x INVITE"))).as("no number: the stack's").isNull();
    }

    @Test
    void whatIsNoNewInviteIsLeftToTheStack() {
        assertThat(refusal(INVITE).callId()).as("whose retransmissions the receive loop remembers").isEqualTo("call-1@127.0.0.11");
        assertThat(refusal(INVITE.replace("To: <sip:1177@127.0.0.1;tag=uri-param-not-a-tag>", "To: <sip:1177@127.0.0.1>;tag=x"))).as("a re-INVITE").isNull();
        assertThat(refusal(INVITE.replace("INVITE sip", "OPTIONS sip").replace("1 INVITE", "1 OPTIONS"))).isNull();
        assertThat(refusal(INVITE.replace("CSeq: 1 INVITE\r\n", ""))).as("no CSeq").isNull();
        assertThat(refusal(INVITE.replace("Call-ID: call-1@127.0.0.11", "Call-ID: call-1@\r\n 127.0.0.11")))
                .as("a folded header line").isNull();
        assertThat(refusal(INVITE.replace("SIP/2.0/UDP 127.0.0.11", "SIP/2.0/TCP 127.0.0.11"))).isNull();
        assertThat(refusal("INVITE")).isNull();
    }

    private static final String OPTIONS = String.join("\r\n",
            "OPTIONS sip:127.0.0.1:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.11:5070;branch=z9hG4bK-ping-1",
            "Max-Forwards: 70",
            "From: <sip:pinger@127.0.0.11>;tag=p1",
            "To: <sip:127.0.0.1:5060>",
            "Call-ID: ping-1@127.0.0.11",
            "CSeq: 7 OPTIONS",
            "Content-Length: 0",
            "", "");

    private static StatelessRefusal probeAnswer(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        return StatelessRefusal.optionsAnswer(bytes, bytes.length, "INVITE, ACK, CANCEL, BYE, OPTIONS");
    }

    @Test
    void anOutOfDialogOptionsGetsA200WithTheStacksAllowAndAccept() {
        StatelessRefusal answer = probeAnswer(OPTIONS);
        assertThat(answer).isNotNull();
        String text = new String(answer.response(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("SIP/2.0 200 OK\r\n")
                .contains("Via: SIP/2.0/UDP 127.0.0.11:5070;branch=z9hG4bK-ping-1\r\n", "Call-ID: ping-1@127.0.0.11\r\n",
                        "CSeq: 7 OPTIONS\r\n", "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n", "Accept: application/sdp\r\n")
                .containsPattern("To: <sip:127.0.0.1:5060>;tag=[0-9a-f]+\r\n")
                .endsWith("Content-Length: 0\r\n\r\n");
        assertThat(answer.port(40000)).as("no rport: the Via's port").isEqualTo(5070);
    }

    @Test
    void anOptionsTheStackWouldNotAnswer200IsLeftToIt() {
        assertThat(probeAnswer(OPTIONS.replace("To: <sip:127.0.0.1:5060>", "To: <sip:127.0.0.1:5060>;tag=x")))
                .as("in a dialog").isNull();
        assertThat(probeAnswer(OPTIONS.replace("Max-Forwards: 70", "Max-Forwards: 0"))).as("483 is the stack's").isNull();
        assertThat(probeAnswer(OPTIONS.replace("Content-Length: 0", "Require: 100rel\r\nContent-Length: 0")))
                .as("420 is the stack's").isNull();
        assertThat(probeAnswer(OPTIONS.replace("OPTIONS sip:127.0.0.1:5060", "OPTIONS tel:+46812345678")))
                .as("416 is the stack's").isNull();
        assertThat(probeAnswer(INVITE)).as("an INVITE").isNull();
        assertThat(refusal(OPTIONS)).as("an OPTIONS is never refused as an INVITE").isNull();
    }
}
