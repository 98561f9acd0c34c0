package se.relaybridge.sip;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MimePartsTest {

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";
    private static final String PIDF = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"pres:x@example.com\"/>";

    @Test
    void aPlainBodyIsOnePart() {
        List<MimeParts.Part> parts = MimeParts.of("application/sdp", bytes(SDP));

        assertThat(parts).singleElement().satisfies(p -> {
            assertThat(p.mediaType()).isEqualTo("application/sdp");
            assertThat(p.text()).isEqualTo(SDP);
        });
    }

    @Test
    void multipartGivesEachPartExactlyWithItsContentId() {
        String body = "--b1\r\nContent-Type: application/sdp\r\n\r\n" + SDP + "\r\n"
                + "--b1\r\nContent-Type: application/pidf+xml\r\nContent-ID: <loc-1@relay.example>\r\n\r\n" + PIDF + "\r\n"
                + "--b1--\r\n";

        List<MimeParts.Part> parts = MimeParts.of("multipart/mixed;boundary=b1", bytes(body));

        assertThat(parts).hasSize(2);
        assertThat(MimeParts.firstOfType(parts, "application/sdp")).hasValueSatisfying(p -> assertThat(p.text()).isEqualTo(SDP));
        assertThat(MimeParts.byContentId(parts, "loc-1@relay.example"))
                .hasValueSatisfying(p -> assertThat(p.text()).isEqualTo(PIDF));
    }

    @Test
    void quotedBoundaryPreambleAndNestedMultipart() {
        String inner = "--in\r\nContent-Type: application/pidf+xml\r\n\r\n" + PIDF + "\r\n--in--";
        String body = "preamble\r\n--outer b\r\nContent-Type: APPLICATION/SDP\r\n\r\n" + SDP + "\r\n"
                + "--outer b\r\nContent-Type: multipart/related; boundary=in\r\n\r\n" + inner + "\r\n--outer b--";

        List<MimeParts.Part> parts = MimeParts.of("multipart/mixed; boundary=\"outer b\"", bytes(body));

        assertThat(parts).extracting(MimeParts.Part::mediaType).containsExactly("application/sdp", "application/pidf+xml");
    }

    @Test
    void brokenMultipartGivesWhatIsComplete() {
        assertThat(MimeParts.of("multipart/mixed", bytes("--x\r\n\r\nhello\r\n--x--"))).isEmpty();
        assertThat(MimeParts.of("multipart/mixed; boundary=x", bytes("no delimiter at all"))).isEmpty();
        assertThat(MimeParts.of("multipart/mixed; boundary=x", bytes("--x\r\nContent-Type: text/plain\r\n\r\nunterminated")))
                .isEmpty();
        assertThat(MimeParts.of(null, bytes(SDP))).isEmpty();
        assertThat(MimeParts.of("application/sdp", new byte[0])).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
