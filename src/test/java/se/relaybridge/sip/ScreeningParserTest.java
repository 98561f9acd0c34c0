package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPMessage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

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
}
