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
 * Whether a UDP socket is bound, read from {@code /proc/net/udp} so that asking never takes the port
 * itself (a probe bind would race the process that is about to bind it).
 */
public final class UdpPorts {

    private UdpPorts() {
    }

    public static boolean isBound(String ip, int port) {
        String wanted = localAddress(ip, port);
        String any = String.format(Locale.ROOT, "00000000:%04X", port);
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/udp"));
            return lines.stream().skip(1).map(String::trim).map(l -> l.split("\\s+")[1])
                    .anyMatch(local -> local.equals(wanted) || local.equals(any));
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
