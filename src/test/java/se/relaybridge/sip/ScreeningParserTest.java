package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** relaybridge's parser on single messages: the answer it decides and what it hands to the stack. */
class ScreeningParserTest {

    private static byte[] corpus(String name) throws Exception {
        try (InputStream in = ScreeningParserTest.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            return in.readAllBytes();
        }
    }

    private static ScreenedRequest parse(byte[] bytes, boolean datagram) throws Exception {
        SIPMessage message = new ScreeningParser(MessageSizeLimit.DEFAULT_BYTES).parseSIPMessage(bytes, datagram, false, null);
        assertThat(message).isInstanceOf(ScreenedRequest.class);
        return (ScreenedRequest) message;
    }

    @Test
    void aRequestWithAnUnparseableViaIsRebuiltWithACleanReason() throws Exception {
        ScreenedRequest request = parse(corpus("badinv01"), true);
        assertThat(request.rejection()).isEqualTo(Rejection.of(400, "Bad Request (malformed Via)"));
        assertThat(request.getCallId().getCallId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
    }

    /** Issue 12 row 12: the RI's own answer carried "([C@613e172f\nID expected)". */
    @Test
    void theRisReasonTextWouldCarryAnObjectIdAndALineBreak() throws Exception {
        try {
            new StringMsgParser().parseSIPMessage(corpus("badinv01"), true, false, (ex, m, c, h, w) -> {
                throw ex;
            });
        } catch (java.text.ParseException e) {
            assertThat(e.getMessage()).contains("[C@").contains("\n");
        }
        assertThat(Rejection.clean("Bad Request ([C@613e172f\nID expected)")).doesNotContain("\n");
    }

    @Test
    void aRequestOverTheLimitIsRefused513() throws Exception {
        String big = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h:5060;branch=z9hG4bKbig\r\nFrom: <sip:a@b>;tag=1\r\n"
                + "To: <sip:a@b>\r\nCall-ID: big\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nX-Padding: " + "a".repeat(5000)
                + "\r\nContent-Length: 0\r\n\r\n";
        SIPMessage message = new ScreeningParser(4096).parseSIPMessage(big.getBytes(StandardCharsets.US_ASCII), false, false, null);
        assertThat(((ScreenedRequest) message).rejection()).isEqualTo(Rejection.of(513, "Message Too Large"));
    }

    /**
     * A parser StackOverflowError killed the RI's UDP receive thread (it catches Exception only). No input overflows
     * RI 1.3.0-91's parser that we found (docs/sip-edge.md); a parser step that overflows stands in for one: the
     * message is refused 400 and the parsing thread carries on.
     */
    @Test
    void aStackOverflowInTheParserIsARefusalNotADeadThread() throws Exception {
        ScreeningParser overflowing = new ScreeningParser(MessageSizeLimit.DEFAULT_BYTES) {
            @Override
            protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] bytes)
                    throws java.text.ParseException {
                if (firstLine.contains("deep")) {
                    throw new StackOverflowError();
                }
                return super.processFirstLine(firstLine, listener, bytes);
            }
        };
        String message = "OPTIONS sip:%s@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK%s\r\nFrom: <sip:a@b>;tag=1\r\n"
                + "To: <sip:a@b>\r\nCall-ID: %s\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        SIPMessage deep = overflowing.parseSIPMessage(message.formatted("deep", "1", "one").getBytes(StandardCharsets.US_ASCII), true, false, null);
        assertThat(((ScreenedRequest) deep).rejection()).isEqualTo(Rejection.of(400, "Bad Request (header nested too deeply)"));
        assertThat(deep.getCallId().getCallId()).isEqualTo("one");
        SIPMessage next = overflowing.parseSIPMessage(message.formatted("next", "2", "two").getBytes(StandardCharsets.US_ASCII), true, false, null);
        assertThat(((ScreenedRequest) next).rejection()).isNull();
    }
}
