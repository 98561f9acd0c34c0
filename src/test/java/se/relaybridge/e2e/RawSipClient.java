package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bare SIP sender over UDP from one source address, for floods and bursts: as many requests as a test wants, each
 * with a Call-ID of its own, every response kept, and every final response to an INVITE acknowledged as RFC 3261
 * §17.1.1.3 wants (so relaybridge's server transactions end at once).
 */
final class RawSipClient implements AutoCloseable {

    /** One response as it arrived: its status, its Call-ID and its whole text. */
    record Received(int status, String callId, String text) {
        String header(String name) {
            Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + ":\\s*(.*?)\\r?$").matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }

    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^(?:Call-ID|i):\\s*(\\S+)");
    private static final Pattern TO = Pattern.compile("(?mi)^(?:To|t):\\s*(.*?)\\r?$");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*\\d+\\s+(\\S+)");
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final DatagramSocket socket;
    private final String ip;
    private final int port;
    private final InetSocketAddress target;
    private final List<Received> responses = new CopyOnWriteArrayList<>();
    private final Map<String, String> sentInvites = new ConcurrentHashMap<>();
    private final Map<String, String> sentTexts = new ConcurrentHashMap<>();
    private final Thread receiver;

    RawSipClient(String ip, int port, String host, int targetPort) {
        this.ip = ip;
        this.port = port;
        this.target = new InetSocketAddress(host, targetPort);
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver = new Thread(this::receive, "raw-sip-" + ip);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** Sends an INVITE for 1177 without SDP (a delayed offer); returns its Call-ID. */
    String invite(String... extraHeaders) {
        return send("INVITE", extraHeaders);
    }

    String options() {
        return send("OPTIONS");
    }

    private String send(String method, String... extraHeaders) {
        int n = SEQ.incrementAndGet();
        String callId = "raw-" + n + "-" + System.nanoTime() + "@" + ip;
        String branch = "z9hG4bK-raw-" + n + "-" + System.nanoTime();
        String from = "<sip:+46700000000@" + ip + ">;tag=raw" + n;
        StringBuilder text = new StringBuilder()
                .append(method).append(" sip:1177@").append(target.getHostString()).append(':').append(target.getPort())
                .append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP ").append(ip).append(':').append(port).append(";branch=").append(branch)
                .append("\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: ").append(from).append("\r\n")
                .append("To: <sip:1177@1177.se>\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: 1 ").append(method).append("\r\n")
                .append("Contact: <sip:raw@").append(ip).append(':').append(port).append(">\r\n");
        for (String header : extraHeaders) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        if ("INVITE".equals(method)) {
            sentInvites.put(callId, branch + "\n" + from);
        }
        sentTexts.put(callId, text.toString());
        datagram(text.toString());
        return callId;
    }

    /** Sends a request again, byte for byte: a retransmission (RFC 3261 §17.1.1.2). */
    void retransmit(String callId) {
        datagram(sentTexts.get(callId));
    }

    List<Received> responses() {
        return List.copyOf(responses);
    }

    /** Responses with this status. */
    List<Received> withStatus(int status) {
        return responses.stream().filter(r -> r.status() == status).toList();
    }

    /** Requests answered at all (by any response), by Call-ID. */
    long answeredCalls() {
        return responses.stream().map(Received::callId).distinct().count();
    }

    private void receive() {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            Matcher status = STATUS.matcher(text);
            Matcher callId = CALL_ID.matcher(text);
            if (!status.find() || !callId.find()) {
                continue;
            }
            Received response = new Received(Integer.parseInt(status.group(1)), callId.group(1), text);
            responses.add(response);
            Matcher cseq = CSEQ.matcher(text);
            if (response.status() >= 200 && cseq.find() && "INVITE".equals(cseq.group(1))) {
                ack(response);
            }
        }
    }

    /** The ACK of a final response: the INVITE's branch, its From, the response's To (RFC 3261 §17.1.1.3). */
    private void ack(Received response) {
        String sent = sentInvites.get(response.callId());
        Matcher to = TO.matcher(response.text());
        if (sent == null || !to.find()) {
            return;
        }
        String[] parts = sent.split("\n");
        datagram("ACK sip:1177@" + target.getHostString() + ":" + target.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + ip + ":" + port + ";branch=" + parts[0] + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + parts[1] + "\r\n"
                + "To: " + to.group(1) + "\r\n"
                + "Call-ID: " + response.callId() + "\r\n"
                + "CSeq: 1 ACK\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    private void datagram(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
