package se.relaybridge.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** An address block such as {@code 127.0.0.11/32} or {@code 2001:db8::/32}. */
public record Cidr(byte[] network, int prefixLength, String text) {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    /** Parses without any DNS lookup; empty when the text is not an address block. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("/", -1);
        boolean ipv4 = parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}")
                && Arrays.stream(parts[0].split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
        boolean ipv6 = parts[0].contains(":") && LITERAL.matcher(parts[0]).matches();
        if (parts.length > 2 || !(ipv4 || ipv6)) {
            return Optional.empty();
        }
        byte[] address;
        try {
            address = InetAddress.getByName(parts[0]).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(parts[1]);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(mask(address, prefix), prefix, text.trim()));
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && Arrays.equals(mask(candidate, prefixLength), network);
    }

    public boolean overlaps(Cidr other) {
        if (other.network.length != network.length) {
            return false;
        }
        int shorter = Math.min(prefixLength, other.prefixLength);
        return Arrays.equals(mask(network, shorter), mask(other.network, shorter));
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - keep)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
