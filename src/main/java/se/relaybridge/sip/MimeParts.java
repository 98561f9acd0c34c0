package se.relaybridge.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a SIP message body (RFC 2046 multipart, as RFC 5621 uses it in SIP), or the body itself as one part
 * when it is not multipart. A relay may send its SDP together with a PIDF-LO location (RFC 6442); relaybridge
 * needs each by its type or Content-ID. A body that cannot be split yields no parts rather than an exception: a
 * broken attachment must not fail a relay call.
 */
public final class MimeParts {

    /** One body part: its media type ({@code type/subtype}, lower case), Content-ID (without brackets) and bytes. */
    public record Part(String mediaType, String contentId, byte[] content) {

        public String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");
    private static final int MAX_DEPTH = 3;

    private MimeParts() {
    }

    /** Every leaf part, nested multiparts flattened in order. */
    public static List<Part> of(String contentType, byte[] body) {
        List<Part> parts = new ArrayList<>();
        if (contentType != null && body != null && body.length > 0) {
            collect(contentType, body, parts, 0);
        }
        return List.copyOf(parts);
    }

    public static Optional<Part> firstOfType(List<Part> parts, String mediaType) {
        return parts.stream().filter(p -> p.mediaType().equals(mediaType)).findFirst();
    }

    public static Optional<Part> byContentId(List<Part> parts, String contentId) {
        return parts.stream().filter(p -> contentId.equals(p.contentId())).findFirst();
    }

    private static void collect(String contentType, byte[] body, List<Part> out, int depth) {
        String mediaType = mediaType(contentType);
        if (!mediaType.startsWith("multipart/")) {
            out.add(new Part(mediaType, null, body));
            return;
        }
        Matcher b = BOUNDARY.matcher(contentType);
        if (!b.find() || depth >= MAX_DEPTH) {
            return;
        }
        String boundary = b.group(1) != null ? b.group(1) : b.group(2);
        for (byte[] raw : split(body, ("--" + boundary).getBytes(StandardCharsets.US_ASCII))) {
            int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            int separator = 4;
            if (headerEnd < 0) {
                headerEnd = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII), 0);
                separator = 2;
            }
            String headers = headerEnd < 0 ? new String(raw, StandardCharsets.ISO_8859_1)
                    : new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1);
            byte[] content = headerEnd < 0 ? new byte[0]
                    : Arrays.copyOfRange(raw, headerEnd + separator, raw.length);
            String partType = header(headers, "Content-Type").orElse("text/plain");
            if (mediaType(partType).startsWith("multipart/")) {
                collect(partType, content, out, depth + 1);
            } else {
                String id = header(headers, "Content-ID").map(v -> v.replaceAll("^<|>$", "").trim()).orElse(null);
                out.add(new Part(mediaType(partType), id, content));
            }
        }
    }

    /** The encapsulated parts between delimiters; the CRLF before each delimiter belongs to it (RFC 2046 §5.1.1). */
    private static List<byte[]> split(byte[] body, byte[] delimiter) {
        List<byte[]> parts = new ArrayList<>();
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int after = at + delimiter.length;
            if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
                break; // the close delimiter
            }
            int start = skipLine(body, after);
            int next = indexOf(body, delimiter, start);
            if (next < 0) {
                break; // no close delimiter: the last part is incomplete, drop it
            }
            int end = next;
            if (end >= 2 && body[end - 2] == '\r' && body[end - 1] == '\n') {
                end -= 2;
            } else if (end >= 1 && body[end - 1] == '\n') {
                end -= 1;
            }
            parts.add(Arrays.copyOfRange(body, start, Math.max(start, end)));
            at = next;
        }
        return parts;
    }

    private static int skipLine(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i + 1;
            }
        }
        return body.length;
    }

    private static Optional<String> header(String headers, String name) {
        for (String line : headers.replace("\r\n ", " ").replace("\r\n\t", " ").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(line.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
