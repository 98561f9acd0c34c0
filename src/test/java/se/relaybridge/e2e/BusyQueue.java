package se.relaybridge.e2e;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A nurse queue target that is always busy: every INVITE gets 486, OPTIONS pings 200, ACK nothing. Written on
 * a plain socket, so it answers whatever relaybridge sends without a stack of its own in the way.
 */
final class BusyQueue implements AutoCloseable {

    private final DatagramSocket socket;
    private final Thread thread;
    private final AtomicInteger invites = new AtomicInteger();

    BusyQueue(String host, int port) throws IOException {
        socket = new DatagramSocket(null);
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        thread = new Thread(this::serve, "busy-queue-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    int invites() {
        return invites.get();
    }

    private void serve() {
        byte[] buffer = new byte[70_000];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String request = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                String method = request.substring(0, Math.max(0, request.indexOf(' ')));
                if (method.isEmpty() || method.equals("ACK") || request.startsWith("SIP/")) {
                    continue;
                }
                if (method.equals("INVITE")) {
                    invites.incrementAndGet();
                }
                byte[] answer = answer(request, method.equals("INVITE") ? "486 Busy Here" : "200 OK");
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (SocketException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a queue that cannot answer one request still answers the next
            }
        }
    }

    private static byte[] answer(String request, String status) {
        StringBuilder out = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
        for (String line : request.lines().takeWhile(l -> !l.isEmpty()).toList()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("from:") || lower.startsWith("call-id:") || lower.startsWith("cseq:")) {
                out.append(line).append("\r\n");
            } else if (lower.startsWith("to:")) {
                out.append(line).append(line.contains(";tag=") ? "" : ";tag=busy").append("\r\n");
            }
        }
        out.append("Content-Length: 0\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(2000);
    }
}
