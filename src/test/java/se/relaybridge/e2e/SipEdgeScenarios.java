package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIP edge beyond the corpus (docs/sip-edge.md): one clean reason-phrase line, one size limit answered 513 over
 * UDP and TCP, compact header names on a whole call over TCP.
 */
interface SipEdgeScenarios extends SippCalls {

    private TortureSender sender() {
        return new TortureSender(EdgeConfig.TRUNK, relaybridge());
    }

    private static byte[] options(String callId, String transport, int port, int padding) {
        String filler = padding == 0 ? "" : "X-Padding: " + "a".repeat(padding) + "\r\n";
        return ("OPTIONS sip:1177@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + EdgeConfig.TRUNK + ":" + port + ";branch=z9hG4bK" + UUID.randomUUID() + "\r\n"
                + "From: <sip:edge@" + EdgeConfig.TRUNK + ">;tag=edge\r\nTo: <sip:1177@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n" + filler
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Issue 12 row 12: the RI's 400 carried "([C@613e172f\nID expected)", a Java object id and a line break. */
    @Test
    default void aMalformedHeaderIsRefusedWithOneCleanReasonLine() throws IOException {
        String callId = "reason-" + UUID.randomUUID();
        byte[] badVia = ("INVITE sip:1177@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + EdgeConfig.TRUNK + ":31093;;,;,,\r\n"
                + "From: <sip:edge@" + EdgeConfig.TRUNK + ">;tag=edge\r\nTo: <sip:1177@127.0.0.1>\r\nCall-ID: " + callId
                + "\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Optional<String> answer = sender().sendUdp(badVia, 31093, callId, Duration.ofSeconds(5));
        assertThat(answer).isPresent();
        assertThat(TortureSender.reasonLine(answer.get())).isEqualTo("SIP/2.0 400 Bad Request (malformed Via)");
    }

    /** Issue 12 row 4: over TCP a message of about 48 KB closed the connection silently while UDP took it. */
    @Test
    default void oneSizeLimitIsAnswered513OverUdpAndTcp() throws IOException {
        int below = EdgeConfig.MAX_MESSAGE_BYTES - 10_000;
        int above = EdgeConfig.MAX_MESSAGE_BYTES + 10_000;
        String udpSmall = "size-" + UUID.randomUUID();
        assertThat(sender().sendUdp(options(udpSmall, "UDP", 31094, below), 31094, udpSmall, Duration.ofSeconds(5))
                .map(TortureSender::status)).as("UDP below the limit").contains(200);
        String udpLarge = "size-" + UUID.randomUUID();
        assertThat(sender().sendUdp(options(udpLarge, "UDP", 31094, above), 31094, udpLarge, Duration.ofSeconds(5))
                .map(TortureSender::reasonLine)).as("UDP above the limit").contains("SIP/2.0 513 Message Too Large");
        String tcpSmall = "size-" + UUID.randomUUID();
        assertThat(sender().sendTcp(options(tcpSmall, "TCP", 31094, below), tcpSmall, Duration.ofSeconds(5))
                .map(TortureSender::status)).as("TCP below the limit").contains(200);
        String tcpLarge = "size-" + UUID.randomUUID();
        assertThat(sender().sendTcp(options(tcpLarge, "TCP", 31094, above), tcpLarge, Duration.ofSeconds(5))
                .map(TortureSender::reasonLine)).as("TCP above the limit").contains("SIP/2.0 513 Message Too Large");
    }

    /** RFC 3261 §7.3.3: every compact header name on a call over TCP, answered by the queue and hung up by the relay. */
    @Test
    default void aCallOverTcpInCompactFormCompletes() throws Exception {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        String[] hostPort = relaybridge().split(":");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(EdgeConfig.TRUNK), 0));
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
            socket.setSoTimeout(15_000);
            int port = socket.getLocalPort();
            String callId = "compact-" + UUID.randomUUID();
            String sdp = "v=0\r\no=relay 1 1 IN IP4 " + EdgeConfig.TRUNK + "\r\ns=-\r\nc=IN IP4 " + EdgeConfig.TRUNK
                    + "\r\nt=0 0\r\nm=text 40000 RTP/AVP 98\r\na=rtpmap:98 t140/1000\r\n";
            String via = "v: SIP/2.0/TCP " + EdgeConfig.TRUNK + ":" + port + ";branch=z9hG4bK";
            String dialog = "f: <sip:+46812345678@" + EdgeConfig.TRUNK + ">;tag=compact\r\ni: " + callId + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(("INVITE sip:1177@" + relaybridge() + ";transport=tcp SIP/2.0\r\n" + via + "inv1\r\n" + dialog
                    + "t: <sip:1177@127.0.0.1>\r\nCSeq: 1 INVITE\r\nm: <sip:relay@" + EdgeConfig.TRUNK + ":" + port
                    + ";transport=tcp>\r\nk: timer\r\nMax-Forwards: 70\r\nc: application/sdp\r\nl: "
                    + sdp.length() + "\r\n\r\n" + sdp).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = finalAnswer(socket.getInputStream());
            assertThat(TortureSender.status(answer)).as(answer).isEqualTo(200);
            String to = TortureSender.header(answer, "To").or(() -> TortureSender.header(answer, "t")).orElseThrow();
            out.write(("ACK sip:1177@" + relaybridge() + ";transport=tcp SIP/2.0\r\n" + via + "ack1\r\n" + dialog + "t: " + to
                    + "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nl: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(("BYE sip:1177@" + relaybridge() + ";transport=tcp SIP/2.0\r\n" + via + "bye2\r\n" + dialog + "t: " + to
                    + "\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nl: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String byeAnswer = finalAnswer(socket.getInputStream());
            assertThat(byeAnswer).as(byeAnswer).startsWith("SIP/2.0 200").contains("BYE");
        }
        assertThat(queue.awaitExit(Duration.ofSeconds(35))).as("queue side" + queue.report()).isZero();
    }

    Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)");

    /** The next final response on a stream (provisional ones and requests skipped), read whole by its Content-Length. */
    private static String finalAnswer(InputStream in) throws IOException {
        while (true) {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + head);
                }
                head.append((char) b);
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
            byte[] rest = in.readNBytes(body);
            String message = head + new String(rest, StandardCharsets.UTF_8);
            if (message.startsWith("SIP/2.0 ") && !message.startsWith("SIP/2.0 1")) {
                return message;
            }
        }
    }
}
