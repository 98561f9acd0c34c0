package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay on TCP that closes its connection once the call is up, as phones and gateways do when idle: relaybridge's
 * next in-dialog request to it (the nurse's re-INVITE) must open a new connection to the relay's Contact and be
 * delivered, not be written into the closed one and lost. The relay connects from the port it listens on, so the
 * closed connection and the Contact are the same address. The RI's NIO transport fails this (it opens the new
 * connection and closes it without a byte); the blocking transport relaybridge runs passes (docs/sip-edge.md).
 */
interface TcpReconnectScenario extends SippCalls {

    int RELAY_TCP_PORT = 31096;
    Pattern CONTENT_LENGTH = Pattern.compile("(?im)^(?:content-length|l)\\s*:\\s*(\\d+)");

    @Test
    default void aReinviteReachesARelayThatClosedItsTcpConnection() throws Exception {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("MIDCALL_BLOCK", "mid_uas_holds")
                .withFragment("HANGUP_BLOCK", "uas_sends_bye").with("QUEUE_BYE_CSEQ", "2"));
        InetSocketAddress relayAddress = new InetSocketAddress(EdgeConfig.TRUNK, RELAY_TCP_PORT);
        String[] hostPort = relaybridge().split(":");
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            listener.bind(relayAddress);
            String callId = "reconnect-" + UUID.randomUUID();
            String contact = "m: <sip:relay@" + EdgeConfig.TRUNK + ":" + RELAY_TCP_PORT + ";transport=tcp>\r\n";
            String via = "Via: SIP/2.0/TCP " + EdgeConfig.TRUNK + ":" + RELAY_TCP_PORT + ";branch=z9hG4bK";
            String from = "From: <sip:+46812345678@" + EdgeConfig.TRUNK + ">;tag=reconnect\r\nCall-ID: " + callId + "\r\n";
            String sdp = sdp("sendrecv");
            try (SocketChannel first = SocketChannel.open()) {
                first.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                first.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                first.bind(relayAddress);
                first.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                Socket socket = first.socket();
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                out.write(("INVITE sip:1177@" + relaybridge() + ";transport=tcp SIP/2.0\r\n" + via + "inv1\r\n" + from
                        + "To: <sip:1177@127.0.0.1>\r\nCSeq: 1 INVITE\r\n" + contact + "Max-Forwards: 70\r\n"
                        + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp)
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = nextMessage(socket.getInputStream(), true, "the final response to the INVITE");
                assertThat(answer).as(answer).startsWith("SIP/2.0 200");
                String to = TortureSender.header(answer, "To").orElseThrow();
                out.write(("ACK sip:1177@" + relaybridge() + ";transport=tcp SIP/2.0\r\n" + via + "ack1\r\n" + from + "To: " + to
                        + "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(100);
            }
            // the relay's connection is closed; the nurse now holds the call with a re-INVITE (CSeq 1 of the queue's
            // side of the dialog), then hangs up with a BYE that must carry a higher CSeq (RFC 3261 §12.2.1.1)
            listener.socket().setSoTimeout(10_000);
            try (Socket second = listener.socket().accept()) {
                second.setSoTimeout(10_000);
                String reinvite = nextMessage(second.getInputStream(), false, "the re-INVITE on the new connection");
                assertThat(reinvite).as(reinvite).startsWith("INVITE ");
                second.getOutputStream().write(ok(reinvite, sdp("recvonly")).getBytes(StandardCharsets.US_ASCII));
                String ack = nextMessage(second.getInputStream(), false, "the ACK of the re-INVITE");
                assertThat(ack).startsWith("ACK ");
                String bye = nextMessage(second.getInputStream(), false, "the BYE relayed from the queue");
                assertThat(bye).startsWith("BYE ");
                second.getOutputStream().write(ok(bye, "").getBytes(StandardCharsets.US_ASCII));
                second.getOutputStream().flush();
                assertThat(queue.awaitExit(Duration.ofSeconds(20))).as("queue side" + queue.report()).isZero();
            }
        }
    }

    private static String sdp(String direction) {
        return "v=0\r\no=relay 1 1 IN IP4 " + EdgeConfig.TRUNK + "\r\ns=-\r\nc=IN IP4 " + EdgeConfig.TRUNK
                + "\r\nt=0 0\r\nm=video 51376 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=" + direction
                + "\r\nm=audio 51372 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=" + direction + "\r\n";
    }

    /** 200 OK to a request, its Via, From, To, Call-ID and CSeq copied. */
    private static String ok(String request, String body) {
        StringBuilder out = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : request.lines().takeWhile(l -> !l.isEmpty()).toList()) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("to:")
                    || lower.startsWith("call-id:") || lower.startsWith("cseq:")) {
                out.append(line).append("\r\n");
            }
        }
        out.append("Contact: <sip:relay@").append(EdgeConfig.TRUNK).append(":").append(RELAY_TCP_PORT).append(";transport=tcp>\r\n");
        if (!body.isEmpty()) {
            out.append("Content-Type: application/sdp\r\n");
        }
        return out.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body).toString();
    }

    /**
     * The next message on a stream, read whole; with {@code finalOnly} provisional responses are skipped. A timeout
     * names the message awaited, so that a failure says which step of the call was lost.
     */
    private static String nextMessage(InputStream in, boolean finalOnly, String awaited) throws IOException {
        try {
            return nextMessage(in, finalOnly);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + awaited + " within the socket timeout", e);
        }
    }

    private static String nextMessage(InputStream in, boolean finalOnly) throws IOException {
        while (true) {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + head);
                }
                head.append((char) b);
                if (head.toString().equals("\r\n")) {
                    head.setLength(0);
                }
            }
            Matcher length = CONTENT_LENGTH.matcher(head);
            int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
            String message = head + new String(in.readNBytes(body), StandardCharsets.UTF_8);
            if (!finalOnly || !message.startsWith("SIP/2.0 1")) {
                return message;
            }
        }
    }
}
