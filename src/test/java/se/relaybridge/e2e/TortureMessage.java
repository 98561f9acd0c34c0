package se.relaybridge.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One RFC 4475 message (read as bytes from {@code src/test/resources/rfc4475}) and the answer relaybridge
 * gives it: a status code, or {@link #DROPPED} for a message no answer can be sent to (responses, a request
 * without Via), and for some statuses a header the answer must carry (RFC 4475 §3).
 */
record TortureMessage(String name, String section, String transport, int status, String header, String headerValue,
                      String retransmissionOf) {

    static final int DROPPED = 0;
    private static final Pattern VIA = Pattern.compile("(?im)^(?:via|v)[ \\t]*:[ \\t]*SIP[ \\t]*/[ \\t]*[\\d.]+[ \\t]*/[ \\t]*(\\w+)[ \\t]+([^;,\\s]+)");
    private static final Pattern CALL_ID = Pattern.compile("(?im)^(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)");
    private static final Pattern BRANCH = Pattern.compile("(?i)branch=([^;,\\s]+)");

    static TortureMessage answered(String name, String section, String transport, int status) {
        return new TortureMessage(name, section, transport, status, null, null, null);
    }

    static TortureMessage answered(String name, String section, String transport, int status, String header, String value) {
        return new TortureMessage(name, section, transport, status, header, value, null);
    }

    static TortureMessage dropped(String name, String section, String transport) {
        return new TortureMessage(name, section, transport, DROPPED, null, null, null);
    }

    /**
     * The same answer as {@code earlier}, or none: this message has the branch, sent-by and method of an earlier
     * one, which makes it a retransmission of that one's transaction (RFC 3261 §17.2.3), answered or absorbed.
     */
    TortureMessage retransmissionOf(String earlier) {
        return new TortureMessage(name, section, transport, status, header, headerValue, earlier);
    }

    byte[] bytes() {
        try (InputStream in = TortureMessage.class.getResourceAsStream("/rfc4475/" + name + ".dat")) {
            if (in == null) {
                throw new IllegalStateException("no corpus file rfc4475/" + name + ".dat");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String text() {
        return new String(bytes(), StandardCharsets.ISO_8859_1);
    }

    boolean isRequest() {
        return !text().startsWith("SIP/");
    }

    boolean isInvite() {
        return text().startsWith("INVITE ");
    }

    boolean tcp() {
        return "tcp".equals(transport);
    }

    /** Where RFC 3261 §18.2.2 sends a UDP response: the top Via's sent-by port (5060 when absent), or the source port with rport. */
    int replyPort() {
        Matcher via = VIA.matcher(text());
        if (!via.find()) {
            return 5060;
        }
        String line = text().substring(via.start(), text().indexOf('\n', via.start()));
        if (line.toLowerCase(Locale.ROOT).contains(";rport")) {
            return 0;
        }
        String sentBy = via.group(2);
        int colon = sentBy.lastIndexOf(':');
        return colon > 0 && !sentBy.endsWith("]") ? Integer.parseInt(sentBy.substring(colon + 1)) : 5060;
    }

    Optional<String> callId() {
        Matcher m = CALL_ID.matcher(text());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    Optional<String> branch() {
        Matcher via = VIA.matcher(text());
        if (!via.find()) {
            return Optional.empty();
        }
        String line = text().substring(via.start(), text().indexOf('\n', via.start()));
        Matcher b = BRANCH.matcher(line);
        return b.find() && b.group(1).length() > "z9hG4bK".length() ? Optional.of(b.group(1)) : Optional.empty();
    }

    /** The Request-URI as the request line has it (for the ACK of a failed INVITE). */
    String requestUri() {
        String first = text().substring(0, text().indexOf('\r'));
        return first.trim().split(" +")[1];
    }

    String expected() {
        String answer = status == DROPPED ? "no answer" : status + (header == null ? "" : " with " + header + ": " + headerValue);
        return retransmissionOf == null ? answer : answer + " or none (retransmission of " + retransmissionOf + ")";
    }

    @Override
    public String toString() {
        return name + " (RFC 4475 §" + section + ", " + transport + ")";
    }
}
