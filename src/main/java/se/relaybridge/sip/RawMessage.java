package se.relaybridge.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The start line and header fields of a SIP message as they arrived, before the RI's parser sees them: header
 * lines unfolded (RFC 3261 §7.3.1), compact names expanded (§7.3.3). Used for the checks the RI's parser is too
 * liberal for, and to salvage what an answer needs from a message it cannot parse.
 */
final class RawMessage {

    static final Map<String, String> COMPACT = Map.ofEntries(Map.entry("i", "call-id"), Map.entry("f", "from"),
            Map.entry("t", "to"), Map.entry("m", "contact"), Map.entry("l", "content-length"),
            Map.entry("c", "content-type"), Map.entry("v", "via"), Map.entry("e", "content-encoding"),
            Map.entry("k", "supported"), Map.entry("s", "subject"), Map.entry("o", "event"), Map.entry("r", "refer-to"),
            Map.entry("u", "allow-events"), Map.entry("b", "referred-by"), Map.entry("x", "session-expires"));

    // compiled once: every message the stack receives is read here, and String.split/matches compile on each call
    private static final Pattern LINE_END = Pattern.compile("\r?\n");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]+");

    record Field(String name, String value) {
    }

    private final String startLine;
    private final List<Field> fields;
    private final int headerBytes;

    private RawMessage(String startLine, List<Field> fields, int headerBytes) {
        this.startLine = startLine;
        this.fields = fields;
        this.headerBytes = headerBytes;
    }

    static RawMessage of(byte[] bytes) {
        // ISO-8859-1: one byte is one char, so the header is found in the bytes and only it is decoded, not the body
        int start = 0;
        while (start < bytes.length && (bytes[start] & 0xff) < 0x20) {
            start++;
        }
        int end = blankLine(bytes, start);
        int headerEnd = end < 0 ? bytes.length : end + 4;
        String header = new String(bytes, start, (end < 0 ? bytes.length : end) - start, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : LINE_END.split(header, -1)) {
            if (!lines.isEmpty() && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
            } else {
                lines.add(line);
            }
        }
        String first = lines.isEmpty() ? "" : lines.remove(0);
        List<Field> fields = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            fields.add(new Field(COMPACT.getOrDefault(name, name), line.substring(colon + 1).strip()));
        }
        return new RawMessage(first, List.copyOf(fields), headerBytes(bytes, headerEnd));
    }

    /** Where the first CRLF CRLF at or after {@code from} starts, or -1. */
    private static int blankLine(byte[] bytes, int from) {
        for (int i = from; i + 3 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int headerBytes(byte[] bytes, int headerEnd) {
        return Math.min(bytes.length, headerEnd);
    }

    String startLine() {
        return startLine;
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/");
    }

    /** The request's method as the start line has it, or empty when that is no token. */
    Optional<String> method() {
        int space = startLine.indexOf(' ');
        String method = space < 0 ? startLine : startLine.substring(0, space);
        return TOKEN.matcher(method).matches() ? Optional.of(method) : Optional.empty();
    }

    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).toList();
    }

    Optional<String> first(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    int count(String name) {
        int count = 0;
        for (Field field : fields) {
            if (field.name().equals(name)) {
                count++;
            }
        }
        return count;
    }

    /** Bytes up to and including the blank line after the headers. */
    int headerBytes() {
        return headerBytes;
    }
}
