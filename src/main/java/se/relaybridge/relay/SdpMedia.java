package se.relaybridge.relay;

import se.relaybridge.routing.LanguageTags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tolerant reader of the parts of an SDP body that relay metadata needs: the m-lines and their
 * attributes. It is not a parser for rewriting SDP (the B2BUA passes SDP through untouched, DESIGN §6)
 * and never throws: a relay's odd SDP must still reach the nurse, so whatever cannot be read is skipped.
 */
public final class SdpMedia {

    /** Port of an m-line whose port field could not be read. */
    public static final int UNKNOWN_PORT = -1;

    // compiled once: String.split with a regex compiles it on every call, and every relay call reads its SDP here
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** One {@code a=} line: {@code a=name:value} or the flag form {@code a=name} (value null). */
    public record Attribute(String name, String value) {
    }

    /** One {@code m=} line with the {@code a=} lines that follow it, in order. */
    public record MediaLine(String type, int port, String proto, List<String> formats, List<Attribute> attributes) {

        public MediaLine {
            formats = List.copyOf(formats);
            attributes = List.copyOf(attributes);
        }

        /** Values of every {@code a=<name>:...} of this m-line, in order. */
        public List<String> attributeValues(String name) {
            return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name) && a.value() != null)
                    .map(Attribute::value).toList();
        }
    }

    private final List<Attribute> sessionAttributes;
    private final List<MediaLine> media;
    private final List<String> otherLines;

    private SdpMedia(List<Attribute> sessionAttributes, List<MediaLine> media, List<String> otherLines) {
        this.sessionAttributes = List.copyOf(sessionAttributes);
        this.media = List.copyOf(media);
        this.otherLines = List.copyOf(otherLines);
    }

    /** Reads any text, including null, LF-only or mixed line endings, and lines that are not SDP at all. */
    public static SdpMedia parse(String sdp) {
        List<Attribute> session = new ArrayList<>();
        List<MediaLine> media = new ArrayList<>();
        List<String> other = new ArrayList<>();
        if (sdp == null) {
            return new SdpMedia(session, media, other);
        }
        MediaBuilder current = null;
        // every relay call's SDP is read here: lines are found by index (CRLF, CR or LF), not by a regex split
        int length = sdp.length();
        int start = 0;
        while (start < length) {
            int end = start;
            while (end < length && sdp.charAt(end) != '\r' && sdp.charAt(end) != '\n') {
                end++;
            }
            String line = sdp.substring(start, end).strip();
            start = end < length && sdp.charAt(end) == '\r' && end + 1 < length && sdp.charAt(end + 1) == '\n'
                    ? end + 2 : end + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("m=")) {
                if (current != null) {
                    media.add(current.build());
                }
                current = new MediaBuilder(line.substring(2));
            } else if (line.startsWith("a=")) {
                Attribute attribute = attribute(line);
                if (current == null) {
                    session.add(attribute);
                } else {
                    current.attributes.add(attribute);
                }
            } else {
                other.add(line);
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SdpMedia(session, media, other);
    }

    public List<MediaLine> media() {
        return media;
    }

    public List<Attribute> sessionAttributes() {
        return sessionAttributes;
    }

    /** Lines that are neither {@code m=} nor {@code a=} (v=, o=, c=, … and junk), kept for diagnostics. */
    public List<String> otherLines() {
        return otherLines;
    }

    /**
     * Media types (lower case, first appearance order, no duplicates) of the m-lines with a usable port.
     * Port 0 is a refused stream (RFC 3264 §6); an unreadable port is not counted either, since nothing
     * says that stream will flow.
     */
    public List<String> modalities() {
        Set<String> types = new LinkedHashSet<>();
        for (MediaLine m : media) {
            if (m.port() > 0 && !m.type().isEmpty()) {
                types.add(m.type());
            }
        }
        return List.copyOf(types);
    }

    /**
     * The union of the raw tags of every {@code a=hlang-send} and {@code a=hlang-recv} (RFC 8373, media
     * level, space-separated), in order of appearance, not yet normalized (see {@link LanguageTags}).
     * Tags of refused streams count too: they still state the language the person uses.
     */
    public List<String> hlangTags() {
        Set<String> tags = new LinkedHashSet<>();
        for (MediaLine m : media) {
            for (Attribute a : m.attributes()) {
                if ((a.name().equalsIgnoreCase("hlang-send") || a.name().equalsIgnoreCase("hlang-recv"))
                        && a.value() != null) {
                    for (String t : WHITESPACE.split(a.value().trim())) {
                        // drafts of RFC 8373 ended the list with '*' ("do not fail the call"): not a tag
                        if (!t.isEmpty() && !t.equals("*")) {
                            tags.add(t);
                        }
                    }
                }
            }
        }
        return List.copyOf(tags);
    }

    /** {@code a=name:value} or {@code a=name}, read from the whole line. */
    private static Attribute attribute(String line) {
        int colon = line.indexOf(':', 2);
        return colon < 0 ? new Attribute(line.substring(2), null)
                : new Attribute(line.substring(2, colon), line.substring(colon + 1));
    }

    /** Collects one m-line and its attributes while reading. */
    private static final class MediaBuilder {
        private final String type;
        private final int port;
        private final String proto;
        private final List<String> formats;
        private final List<Attribute> attributes = new ArrayList<>();

        MediaBuilder(String value) {
            // m=<media> <port>[/<number of ports>] <proto> <fmt> ...
            String[] fields = WHITESPACE.split(value.trim());
            type = fields[0].toLowerCase(Locale.ROOT);
            port = fields.length > 1 ? port(fields[1]) : UNKNOWN_PORT;
            proto = fields.length > 2 ? fields[2] : "";
            formats = fields.length > 3 ? Arrays.asList(fields).subList(3, fields.length) : List.of();
        }

        private static int port(String field) {
            int slash = field.indexOf('/');
            String digits = slash < 0 ? field : field.substring(0, slash);
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return UNKNOWN_PORT;
            }
            int port = Integer.parseInt(digits);
            return port > 65535 ? UNKNOWN_PORT : port;
        }

        MediaLine build() {
            return new MediaLine(type, port, proto, formats, attributes);
        }
    }
}
