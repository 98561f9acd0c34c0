package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sockets a process listens on, as the kernel tells them ({@code /proc/<pid>/fd} for the process's socket
 * inodes, {@code /proc/net/{tcp,tcp6,udp,udp6}} for their local addresses): what {@code ss -ltnup} shows, with no
 * tool that may be missing. Linux only, as the tests are.
 */
final class ListeningSockets {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    /** One socket, e.g. {@code tcp 127.0.0.1:8080}. */
    record Socket(String protocol, InetSocketAddress local) implements Comparable<Socket> {
        boolean loopback() {
            return local.getAddress().isLoopbackAddress();
        }

        @Override
        public String toString() {
            return protocol + " " + local.getAddress().getHostAddress() + ":" + local.getPort();
        }

        @Override
        public int compareTo(Socket o) {
            return toString().compareTo(o.toString());
        }
    }

    private ListeningSockets() {
    }

    /** TCP sockets in LISTEN and bound UDP sockets of process {@code pid}. */
    static Set<Socket> of(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Socket> sockets = new TreeSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            String protocol = table.startsWith("tcp") ? "tcp" : "udp";
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 10 || f[0].equals("sl") || !inodes.contains(f[9])) {
                        continue;
                    }
                    boolean listening = protocol.equals("tcp") ? f[3].equals("0A") : f[3].equals("07");
                    if (listening) {
                        sockets.add(new Socket(protocol, address(f[1])));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sockets;
    }

    /** {@code 0100007F:1F90}: the address in the kernel's byte order, 32 bits at a time, then the port. */
    private static InetSocketAddress address(String field) {
        String[] parts = field.split(":");
        String hex = parts[0];
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
