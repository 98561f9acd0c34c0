package se.relaybridge.sip.udp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A datagram read only as far as the receive loop must to refuse it: is it a new INVITE (no To tag), what is its
 * Call-ID, and the stateless {@code 503} for it, built from its own Via, From, To, Call-ID and CSeq (RFC 3261
 * §8.2.6.2, a To tag added) with {@code Retry-After} (§21.5.4). Nothing is parsed beyond the header lines; anything
 * this reader does not understand is left to the stack's parser, which answers it properly.
 */
final class StatelessRefusal {

    private final byte[] response;
    private final int viaPort;
    private final boolean rport;
    private final String callId;
    private final String key;

    private StatelessRefusal(byte[] response, int viaPort, boolean rport, String callId, String key) {
        this.response = response;
        this.viaPort = viaPort;
        this.rport = rport;
        this.callId = callId;
        this.key = key;
    }

    /** The refusal of {@code datagram} if it is a new INVITE this reader reads plainly; else null. */
    static StatelessRefusal of(byte[] datagram, int length, int retryAfterSeconds) {
        if (length < 7 || datagram[0] != 'I' || !new String(datagram, 0, 7, StandardCharsets.ISO_8859_1).equals("INVITE ")) {
            return null;
        }
        String text = new String(datagram, 0, headerEnd(datagram, length), StandardCharsets.ISO_8859_1);
        StringBuilder vias = new StringBuilder();
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        String firstVia = null;
        String[] lines = text.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                return null; // folded header lines: the stack's parser knows them
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            switch (name) {
                case "via", "v" -> {
                    vias.append("Via: ").append(value).append("\r\n");
                    if (firstVia == null) {
                        firstVia = value;
                    }
                }
                case "from", "f" -> from = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                default -> { }
            }
        }
        if (firstVia == null || from == null || to == null || callId == null || cseq == null || hasTag(to)
                || firstVia.contains(",") || !firstVia.regionMatches(true, 0, "SIP/2.0/UDP", 0, 11)) {
            return null;
        }
        long number = cseqNumber(cseq);
        if (number < 0) {
            return null;
        }
        String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        String response = "SIP/2.0 503 Service Unavailable\r\n" + vias
                + "From: " + from + "\r\n"
                + "To: " + to + ";tag=" + tag + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + "\r\n"
                + "Retry-After: " + retryAfterSeconds + "\r\n"
                + "Server: " + se.relaybridge.sip.Product.TOKEN + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        return new StatelessRefusal(response.getBytes(StandardCharsets.ISO_8859_1), sentByPort(firstVia),
                hasParameter(firstVia, "rport"), callId, InviteKey.of(callId, number));
    }

    /** The sequence number of a CSeq value ({@code 1 INVITE}), or -1 when it has none this reader takes. */
    private static long cseqNumber(String cseq) {
        int end = 0;
        while (end < cseq.length() && end < 10 && Character.isDigit(cseq.charAt(end))) {
            end++;
        }
        return end == 0 || end == 10 ? -1 : Long.parseLong(cseq.substring(0, end));
    }

    /** This INVITE and its retransmissions ({@link InviteKey}). */
    String key() {
        return key;
    }

    /** The INVITE's Call-ID, as it stands in the datagram. */
    String callId() {
        return callId;
    }

    byte[] response() {
        return response;
    }

    /**
     * Where the response goes (RFC 3261 §18.2.2 with RFC 3581): the source address, at its source port when the
     * Via asked for rport, else at the Via's sent-by port.
     */
    int port(int sourcePort) {
        return rport || viaPort <= 0 ? sourcePort : viaPort;
    }

    private static int headerEnd(byte[] bytes, int length) {
        for (int i = 0; i + 3 < length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 2;
            }
        }
        return length;
    }

    /** A tag parameter of the To header field itself, not of its URI (RFC 3261 §20.39). */
    private static boolean hasTag(String to) {
        int close = to.lastIndexOf('>');
        return hasParameter(close >= 0 ? to.substring(close + 1) : to, "tag");
    }

    private static boolean hasParameter(String value, String parameter) {
        for (String part : value.split(";")) {
            String name = part.trim();
            int eq = name.indexOf('=');
            if ((eq < 0 ? name : name.substring(0, eq).trim()).equalsIgnoreCase(parameter)) {
                return true;
            }
        }
        return false;
    }

    /** The sent-by port of a Via value ({@code SIP/2.0/UDP host[:port];params}); 5060 when absent. */
    private static int sentByPort(String via) {
        int space = via.indexOf(' ');
        if (space < 0) {
            return -1;
        }
        String sentBy = via.substring(space + 1).trim();
        int semi = sentBy.indexOf(';');
        if (semi >= 0) {
            sentBy = sentBy.substring(0, semi).trim();
        }
        int bracket = sentBy.lastIndexOf(']');
        int colon = sentBy.lastIndexOf(':');
        if (colon > bracket && colon >= 0) {
            try {
                return Integer.parseInt(sentBy.substring(colon + 1).trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return 5060;
    }
}
