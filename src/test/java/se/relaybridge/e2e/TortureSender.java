package se.relaybridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one raw message, byte for byte, from a trunk's source address and returns the first final answer that
 * belongs to it (same Call-ID or same Via branch), skipping provisional ones. A final answer to an INVITE is
 * acknowledged as RFC 3261 §17.1.1.3 asks, so nothing is left retransmitting.
 */
final class TortureSender {

    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3})");
    private final String source;
    private final InetSocketAddress relaybridge;

    TortureSender(String source, String relaybridgeHostPort) {
        this.source = source;
        String[] hostPort = relaybridgeHostPort.split(":");
        this.relaybridge = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    /** The final answer, or empty when none came within {@code wait}. */
    Optional<String> send(TortureMessage message, Duration wait) {
        try {
            return message.tcp() ? overTcp(message, message.bytes(), wait) : overUdp(message, message.bytes(), wait);
        } catch (IOException e) {
            throw new UncheckedIOException(message.name(), e);
        }
    }

    /** Sends {@code bytes} over UDP from the trunk's address to relaybridge and returns the first final answer. */
    Optional<String> sendUdp(byte[] bytes, int fromPort, String callId, Duration wait) throws IOException {
        try (DatagramSocket socket = udpSocket(fromPort)) {
            socket.send(new DatagramPacket(bytes, bytes.length, relaybridge));
            return awaitUdp(socket, callId, null, wait);
        }
    }

    /** Sends {@code bytes} on a new TCP connection and returns the first final answer, or empty when the connection closed or stayed silent. */
    Optional<String> sendTcp(byte[] bytes, String callId, Duration wait) throws IOException {
        try (Socket socket = tcpSocket()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return awaitTcp(socket, callId, null, wait, null);
        }
    }

    private Optional<String> overUdp(TortureMessage message, byte[] bytes, Duration wait) throws IOException {
        try (DatagramSocket socket = udpSocket(message.replyPort())) {
            socket.send(new DatagramPacket(bytes, bytes.length, relaybridge));
            Optional<String> answer = awaitUdp(socket, message.callId().orElse(null), message.branch().orElse(null), wait);
            if (answer.isPresent() && message.isInvite()) {
                byte[] ack = ack(message, answer.get());
                socket.send(new DatagramPacket(ack, ack.length, relaybridge));
            }
            return answer;
        }
    }

    private Optional<String> overTcp(TortureMessage message, byte[] bytes, Duration wait) throws IOException {
        try (Socket socket = tcpSocket()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return awaitTcp(socket, message.callId().orElse(null), message.branch().orElse(null), wait, message);
        }
    }

    private DatagramSocket udpSocket(int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), port));
        return socket;
    }

    private Socket tcpSocket() throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        socket.connect(relaybridge, 2000);
        return socket;
    }

    private static Optional<String> awaitUdp(DatagramSocket socket, String callId, String branch, Duration wait) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        byte[] buffer = new byte[70_000];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            if (isFinalAnswerTo(text, callId, branch)) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    private Optional<String> awaitTcp(Socket socket, String callId, String branch, Duration wait, TortureMessage message)
            throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[70_000];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            for (String answer : messagesIn(received.toString())) {
                if (isFinalAnswerTo(answer, callId, branch)) {
                    if (message != null && message.isInvite()) {
                        socket.getOutputStream().write(ack(message, answer));
                    }
                    return Optional.of(answer);
                }
            }
        }
        return Optional.empty();
    }

    /** Complete messages in a TCP byte stream (every answer here has Content-Length 0 or a small body). */
    private static String[] messagesIn(String stream) {
        return Arrays.stream(stream.split("(?=SIP/2\\.0 \\d{3} )")).filter(m -> m.contains("\r\n\r\n")).toArray(String[]::new);
    }

    private static boolean isFinalAnswerTo(String text, String callId, String branch) {
        Matcher status = STATUS.matcher(text);
        if (!status.find() || status.group(1).startsWith("1")) {
            return false;
        }
        return (callId != null && text.contains(callId)) || (branch != null && text.contains("branch=" + branch));
    }

    static int status(String answer) {
        Matcher status = STATUS.matcher(answer);
        return status.find() ? Integer.parseInt(status.group(1)) : -1;
    }

    static String reasonLine(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    static Optional<String> header(String answer, String name) {
        return answer.lines().takeWhile(l -> !l.isEmpty())
                .filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).reduce((a, b) -> a + ", " + b);
    }

    /** The ACK of a final answer to an INVITE: the answer's Via, From, To, Call-ID and CSeq number (RFC 3261 §17.1.1.3). */
    private static byte[] ack(TortureMessage message, String answer) {
        StringBuilder ack = new StringBuilder("ACK ").append(message.requestUri()).append(" SIP/2.0\r\n");
        String firstVia = null;
        for (String line : answer.lines().takeWhile(l -> !l.isEmpty()).toList()) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (firstVia == null && (lower.startsWith("via:") || lower.startsWith("v:"))) {
                firstVia = line.contains(",") ? line.substring(0, line.indexOf(',')) : line;
                ack.append(firstVia).append("\r\n");
            } else if (lower.startsWith("from:") || lower.startsWith("to:") || lower.startsWith("call-id:")
                    || lower.startsWith("f:") || lower.startsWith("t:") || lower.startsWith("i:")) {
                ack.append(line).append("\r\n");
            } else if (lower.startsWith("cseq:")) {
                ack.append(line.replaceAll("(?i)\\s+INVITE\\s*$", " ACK")).append("\r\n");
            }
        }
        ack.append("Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        return ack.toString().getBytes(StandardCharsets.UTF_8);
    }
}
