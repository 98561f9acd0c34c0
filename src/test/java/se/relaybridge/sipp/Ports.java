package se.relaybridge.sipp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Whether a UDP socket is bound or a TCP socket listens, read from {@code /proc/net/udp} and
 * {@code /proc/net/tcp} so that asking never takes the port itself (a probe bind would race the process
 * that is about to bind it).
 */
public final class Ports {

    private static final String TCP_LISTEN = "0A";

    private Ports() {
    }

    public static boolean isBound(String ip, int port, String transport) {
        boolean tcp = "tcp".equalsIgnoreCase(transport);
        String wanted = localAddress(ip, port);
        String any = String.format(Locale.ROOT, "00000000:%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of(tcp ? "/proc/net/tcp" : "/proc/net/udp"));
            return lines.stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                    .filter(f -> !tcp || TCP_LISTEN.equals(f[3]))
                    .map(f -> f[1]).anyMatch(local -> local.equals(wanted) || local.equals(any));
        } catch (IOException e) {
            return false;
        }
    }

    private static String localAddress(String ip, int port) {
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            byte[] littleEndian = {bytes[3], bytes[2], bytes[1], bytes[0]};
            return HexFormat.of().withUpperCase().formatHex(littleEndian) + String.format(Locale.ROOT, ":%04X", port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
