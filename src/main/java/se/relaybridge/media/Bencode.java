package se.relaybridge.media;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencoding, the encoding of rtpengine's ng control protocol (docs/media.md): byte strings, integers, lists and
 * dictionaries. Strings are read and written as UTF-8 (every value the ng protocol carries, SDP included, is text);
 * dictionaries are written with their keys in sorted order, as bencoding requires.
 */
public final class Bencode {

    private Bencode() {
    }

    /** {@code value}: a String, a Number (integral), a List of values or a Map of String to values. */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** The value {@code data} holds, all of it: Strings, Longs, Lists and Maps (keys in sorted order). */
    public static Object decode(byte[] data) {
        return decode(data, 0, data.length);
    }

    /** The value in {@code data[from, to)}, all of it. */
    public static Object decode(byte[] data, int from, int to) {
        Reader reader = new Reader(data, from, to);
        Object value = reader.value();
        if (reader.at != to) {
            throw new BencodeException("bencode: " + (to - reader.at) + " bytes after the value, at " + reader.at);
        }
        return value;
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeBytes(("i" + ((Number) value).longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            list.forEach(item -> write(out, item));
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            out.write('d');
            TreeMap<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(k.toString(), v));
            sorted.forEach((k, v) -> {
                writeString(out, k);
                write(out, v);
            });
            out.write('e');
        } else {
            throw new IllegalArgumentException("bencode has no form for " + (value == null ? "null"
                    : value.getClass().getSimpleName()));
        }
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    /** Malformed bencoding: where and what. */
    public static final class BencodeException extends IllegalArgumentException {
        BencodeException(String message) {
            super(message);
        }
    }

    private static final class Reader {
        /** Deeper than any ng reply nests: a hostile datagram cannot exhaust the stack. */
        private static final int MAX_DEPTH = 32;
        private final byte[] data;
        private final int end;
        private int at;
        private int depth;

        Reader(byte[] data, int from, int to) {
            this.data = data;
            this.at = from;
            this.end = to;
        }

        Object value() {
            if (at >= end) {
                throw new BencodeException("bencode: the data ends where a value should start, at " + at);
            }
            byte b = data[at];
            if (b == 'i') {
                at++;
                return number('e');
            }
            if (b == 'l' || b == 'd') {
                if (++depth > MAX_DEPTH) {
                    throw new BencodeException("bencode: nested deeper than " + MAX_DEPTH + ", at " + at);
                }
                at++;
                Object container = b == 'l' ? list() : dictionary();
                depth--;
                return container;
            }
            if (b >= '0' && b <= '9') {
                return string();
            }
            throw new BencodeException("bencode: no value starts with '" + (char) b + "', at " + at);
        }

        private List<Object> list() {
            List<Object> list = new ArrayList<>();
            while (peek() != 'e') {
                list.add(value());
            }
            at++;
            return list;
        }

        private Map<String, Object> dictionary() {
            Map<String, Object> map = new TreeMap<>();
            while (peek() != 'e') {
                if (data[at] < '0' || data[at] > '9') {
                    throw new BencodeException("bencode: a dictionary key must be a string, at " + at);
                }
                String key = string();
                map.put(key, value());
            }
            at++;
            return map;
        }

        private String string() {
            long length = number(':');
            if (length < 0 || length > end - at) {
                throw new BencodeException("bencode: a string of " + length + " bytes where " + (end - at)
                        + " are left, at " + at);
            }
            String s = new String(data, at, (int) length, StandardCharsets.UTF_8);
            at += (int) length;
            return s;
        }

        private long number(char terminator) {
            int start = at;
            while (at < end && data[at] != terminator) {
                at++;
            }
            if (at >= end || at == start || at - start > 19) {
                throw new BencodeException("bencode: no number ending in '" + terminator + "' at " + start);
            }
            String digits = new String(data, start, at - start, StandardCharsets.US_ASCII);
            at++;
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new BencodeException("bencode: '" + digits + "' is no number, at " + start);
            }
        }

        private byte peek() {
            if (at >= end) {
                throw new BencodeException("bencode: the data ends inside a list or dictionary");
            }
            return data[at];
        }
    }
}
