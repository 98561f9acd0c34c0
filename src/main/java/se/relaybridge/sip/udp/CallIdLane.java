package se.relaybridge.sip.udp;

/**
 * Which of the message threads takes a datagram: the same one for every datagram of the same Call-ID, so that the
 * messages of a dialog are parsed and handed on in the order they arrived (a 200 before the BYE that follows it),
 * while the datagrams of different calls are parsed in parallel (docs/overload.md, "Message threads"). Read from the
 * raw bytes before any parsing: the header's value is hashed as it stands (RFC 3261 §20.8: Call-IDs compare
 * byte for byte), with the spaces around it left out, under its long or compact name ({@code i}, §7.3.3) in any case.
 * A datagram without a Call-ID that this reader finds (garbage, or a value folded onto the next line) goes to the
 * first thread, where the stack answers or drops it as ever.
 */
final class CallIdLane {

    private CallIdLane() {
    }

    /** The lane, 0 to {@code lanes - 1}, of the datagram in {@code buffer[0, length)}. */
    static int of(byte[] buffer, int length, int lanes) {
        if (lanes <= 1) {
            return 0;
        }
        int hash = hashOfCallId(buffer, length);
        return hash == 0 ? 0 : Math.floorMod(hash, lanes);
    }

    /** The Call-ID's hash, or 0 when none was found. */
    static int hashOfCallId(byte[] buffer, int length) {
        int line = nextLine(buffer, 0, length);
        while (line < length) {
            if (buffer[line] == '\r' || buffer[line] == '\n') {
                return 0; // the end of the headers
            }
            int value = valueOfCallId(buffer, line, length);
            if (value >= 0) {
                return hash(buffer, value, length);
            }
            line = nextLine(buffer, line, length);
        }
        return 0;
    }

    /** Where the line after the one at {@code from} begins ({@code length} when there is none). */
    private static int nextLine(byte[] buffer, int from, int length) {
        for (int i = from; i < length; i++) {
            if (buffer[i] == '\n') {
                return i + 1;
            }
        }
        return length;
    }

    /** Where the value of a Call-ID header on the line at {@code at} begins, or -1 if the line is another header. */
    private static int valueOfCallId(byte[] buffer, int at, int length) {
        int nameEnd;
        if (matches(buffer, at, length, "call-id")) {
            nameEnd = at + 7;
        } else if ((buffer[at] | 0x20) == 'i') {
            nameEnd = at + 1;
        } else {
            return -1;
        }
        int i = nameEnd;
        while (i < length && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        if (i >= length || buffer[i] != ':') {
            return -1;
        }
        i++;
        while (i < length && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean matches(byte[] buffer, int at, int length, String lowerCaseName) {
        if (at + lowerCaseName.length() > length) {
            return false;
        }
        for (int k = 0; k < lowerCaseName.length(); k++) {
            int b = buffer[at + k];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerCaseName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(byte[] buffer, int from, int length) {
        int end = from;
        while (end < length && buffer[end] != '\r' && buffer[end] != '\n') {
            end++;
        }
        while (end > from && (buffer[end - 1] == ' ' || buffer[end - 1] == '\t')) {
            end--;
        }
        int hash = 0;
        for (int i = from; i < end; i++) {
            hash = 31 * hash + buffer[i];
        }
        return hash;
    }
}
