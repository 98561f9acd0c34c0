package se.relaybridge.demo;

import gov.nist.javax.sip.header.SIPHeader;
import se.relaybridge.relay.RelayService;
import se.relaybridge.sip.MimeParts;

import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The session descriptions of the demo: what each kind of relay offers, and the desk's answer to any offer. No
 * media flows (nobody listens on the ports); the point is that relaybridge and the board see the streams a real
 * relay call has: RTT (RFC 4103) beside audio for text relay, video with sign language (RFC 8373) for video relay.
 */
final class DemoSdp {

    private static final String CRLF = "\r\n";

    private DemoSdp() {
    }

    /** The offer a relay of {@code service} sends from {@code host}, its media ports from {@code firstPort} on. */
    static String offer(RelayService service, String host, int firstPort, long version) {
        StringBuilder sdp = header("relay", host, version);
        switch (service) {
            case TEXT -> {
                audio(sdp, firstPort);
                sdp.append("m=text ").append(firstPort + 2).append(" RTP/AVP 100 98").append(CRLF)
                        .append("a=rtpmap:98 t140/1000").append(CRLF)
                        .append("a=rtpmap:100 red/1000").append(CRLF)
                        .append("a=fmtp:100 98/98/98").append(CRLF);
            }
            case VIDEO -> {
                sdp.append("m=video ").append(firstPort).append(" RTP/AVP 96").append(CRLF)
                        .append("a=rtpmap:96 H264/90000").append(CRLF)
                        .append("a=fmtp:96 profile-level-id=42e01f;packetization-mode=1").append(CRLF)
                        .append("a=hlang-send:swl").append(CRLF)
                        .append("a=hlang-recv:swl").append(CRLF);
                audio(sdp, firstPort + 2);
            }
            case SPEECH -> audio(sdp, firstPort);
        }
        return sdp.toString();
    }

    /**
     * The answer to {@code offer}: every m-line in the same order with the same media, protocol and formats (a
     * refused one, port 0, stays refused), with the offer's rtpmap/fmtp lines, and each language the other side
     * sends taken as the one this side receives and vice versa (RFC 8373 §5.2).
     */
    static String answer(String offer, String host, int firstPort, long version) {
        StringBuilder sdp = header("desk", host, version);
        int stream = 0;
        boolean refused = false;
        for (String line : offer.split("\r?\n")) {
            if (line.startsWith("m=")) {
                String[] f = line.substring(2).split(" ", 3);
                if (f.length < 3) {
                    continue;
                }
                refused = "0".equals(f[1]);
                sdp.append("m=").append(f[0]).append(' ').append(refused ? 0 : firstPort + 2 * stream)
                        .append(' ').append(f[2]).append(CRLF);
                stream++;
            } else if (stream > 0 && !refused) {
                if (line.startsWith("a=rtpmap:") || line.startsWith("a=fmtp:")) {
                    sdp.append(line).append(CRLF);
                } else if (line.startsWith("a=hlang-send:")) {
                    sdp.append("a=hlang-recv:").append(line.substring("a=hlang-send:".length())).append(CRLF);
                } else if (line.startsWith("a=hlang-recv:")) {
                    sdp.append("a=hlang-send:").append(line.substring("a=hlang-recv:".length())).append(CRLF);
                }
            }
        }
        return sdp.toString();
    }

    /** The SDP in a request or response body, alone or as a part of multipart/mixed (relaybridge adds metadata). */
    static Optional<String> in(Message message) {
        if (!(message.getHeader(ContentTypeHeader.NAME) instanceof SIPHeader type)) {
            return Optional.empty();
        }
        return MimeParts.firstOfType(MimeParts.of(type.getHeaderValue(), message.getRawContent()), "application/sdp")
                .map(MimeParts.Part::text);
    }

    /** The media of an SDP, in order, e.g. [audio, text]. */
    static List<String> media(String sdp) {
        List<String> media = new ArrayList<>();
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                media.add(line.substring(2).split(" ", 2)[0]);
            }
        }
        return media;
    }

    private static StringBuilder header(String user, String host, long version) {
        return new StringBuilder().append("v=0").append(CRLF)
                .append("o=").append(user).append(' ').append(version).append(' ').append(version)
                .append(" IN IP4 ").append(host).append(CRLF)
                .append("s=-").append(CRLF)
                .append("c=IN IP4 ").append(host).append(CRLF)
                .append("t=0 0").append(CRLF);
    }

    private static void audio(StringBuilder sdp, int port) {
        sdp.append("m=audio ").append(port).append(" RTP/AVP 0").append(CRLF)
                .append("a=rtpmap:0 PCMU/8000").append(CRLF);
    }
}
