package se.relaybridge.sip.udp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A datagram read only as far as the receive loop must to answer it itself: is it a new INVITE (no To tag), what is
 * its Call-ID, and the stateless {@code 503} for it (or the {@code 200} of an out-of-dialog OPTIONS), built from its
 * own Via, From, To, Call-ID and CSeq (RFC 3261 §8.2.6.2, a To tag added) with {@code Retry-After} (§21.5.4). Nothing is parsed beyond the header lines; anything
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
        Lines lines = Lines.read(datagram, length, "INVITE");
        if (lines == null) {
            return null;
        }
        return lines.answer("503 Service Unavailable", "Retry-After: " + retryAfterSeconds + "\r\n");
    }

    /**
     * The {@code 200} for {@code datagram} if it is an out-of-dialog OPTIONS this reader reads plainly and the stack
     * would answer {@code 200} too (no Require or Proxy-Require, Max-Forwards not 0, a sip or sips Request-URI: the
     * checks of RFC 3261 §8.2 the stack makes first), with the same Allow, Accept and Server; else null. A keep-alive
     * probe that waits behind a backlog tells its sender the node is gone when it is only busy (docs/overload.md).
     */
    static StatelessRefusal optionsAnswer(byte[] datagram, int length, String allow) {
        Lines lines = Lines.read(datagram, length, "OPTIONS");
        if (lines == null || lines.require || "0".equals(lines.maxForwards) || !lines.sipTarget) {
            return null;
        }
        return lines.answer("200 OK", "Allow: " + allow + "\r\nAccept: application/sdp\r\n");
    }

    /** The header lines of a request, read as far as a stateless answer needs them. */
    private static final class Lines {
        final StringBuilder vias = new StringBuilder();
        String from;
        String to;
        String callId;
        String cseq;
        String firstVia;
        String maxForwards;
        boolean require;
        boolean sipTarget;

        /** The lines of a request of {@code method} without a To tag, over UDP, read plainly; else null. */
        static Lines read(byte[] datagram, int length, String method) {
            int prefix = method.length() + 1;
            if (length < prefix || datagram[0] != method.charAt(0)
                    || !new String(datagram, 0, prefix, StandardCharsets.ISO_8859_1).equals(method + " ")) {
                return null;
            }
            String text = new String(datagram, 0, headerEnd(datagram, length), StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            Lines read = new Lines();
            String target = lines[0].substring(prefix).toLowerCase(Locale.ROOT);
            read.sipTarget = target.startsWith("sip:") || target.startsWith("sips:");
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
                        read.vias.append("Via: ").append(value).append("\r\n");
                        if (read.firstVia == null) {
                            read.firstVia = value;
                        }
                    }
                    case "from", "f" -> read.from = value;
                    case "to", "t" -> read.to = value;
                    case "call-id", "i" -> read.callId = value;
                    case "cseq" -> read.cseq = value;
                    case "max-forwards" -> read.maxForwards = value;
                    case "require", "proxy-require" -> read.require = true;
                    default -> { }
                }
            }
            if (read.firstVia == null || read.from == null || read.to == null || read.callId == null || read.cseq == null
                    || hasTag(read.to) || read.firstVia.contains(",")
                    || !read.firstVia.regionMatches(true, 0, "SIP/2.0/UDP", 0, 11) || cseqNumber(read.cseq) < 0) {
                return null;
            }
            return read;
        }

        /** The response: status line, the request's own Via, From, To (a tag added), Call-ID and CSeq, then {@code more}. */
        StatelessRefusal answer(String status, String more) {
            String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            String response = "SIP/2.0 " + status + "\r\n" + vias
                    + "From: " + from + "\r\n"
                    + "To: " + to + ";tag=" + tag + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + "\r\n"
                    + more
                    + "Server: " + se.relaybridge.sip.Product.TOKEN + "\r\n"
                    + "Content-Length: 0\r\n\r\n";
            return new StatelessRefusal(response.getBytes(StandardCharsets.ISO_8859_1), sentByPort(firstVia),
                    hasParameter(firstVia, "rport"), callId, InviteKey.of(callId, cseqNumber(cseq)));
        }
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
