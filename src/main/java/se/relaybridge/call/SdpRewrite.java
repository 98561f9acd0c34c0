package se.relaybridge.call;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two SDP edits a transfer needs. Everything else in a body crosses relaybridge byte for byte.
 */
final class SdpRewrite {

    private static final Pattern ORIGIN = Pattern.compile("(?m)^o=(\\S+) (\\S+) (\\d+) (.*?)\\r?$");
    private static final Pattern DIRECTION = Pattern.compile("(?m)^a=(sendonly|recvonly|inactive)(\\r?)$");

    private SdpRewrite() {
    }

    /**
     * {@code next} as the next version of the session the peer has known so far ({@code previous}): RFC 3264 §8
     * lets a re-offer change anything but the origin, whose version must grow by one. A relay that sees a new
     * origin from the same dialog may well refuse the re-INVITE, so the new party's origin is not passed on.
     */
    static byte[] continuing(byte[] previous, byte[] next) {
        if (previous == null) {
            return next;
        }
        Matcher before = ORIGIN.matcher(text(previous));
        String nextText = text(next);
        Matcher after = ORIGIN.matcher(nextText);
        if (!before.find() || !after.find()) {
            return next;
        }
        long version;
        try {
            version = Long.parseLong(before.group(3)) + 1;
        } catch (NumberFormatException e) {
            return next;
        }
        String origin = "o=" + before.group(1) + " " + before.group(2) + " " + version + " " + before.group(4);
        return (nextText.substring(0, after.start()) + origin + nextText.substring(after.end()))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The relay's SDP offered to a new party with its media flowing: a nurse usually holds the call before she
     * transfers it, and the relay's answer to that hold ({@code recvonly}) must not put the new party on hold too.
     */
    static byte[] flowing(byte[] sdp) {
        if (sdp == null) {
            return null;
        }
        return DIRECTION.matcher(text(sdp)).replaceAll("a=sendrecv$2").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether two bodies describe the same media, whatever their origin lines say; sendrecv is the default. */
    static boolean sameMedia(byte[] a, byte[] b) {
        if (a == null || b == null) {
            return a == b;
        }
        return withoutOrigin(a).equals(withoutOrigin(b));
    }

    private static List<String> withoutOrigin(byte[] sdp) {
        return text(sdp).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("o=") && !l.equals("a=sendrecv")).toList();
    }

    private static String text(byte[] sdp) {
        return new String(sdp, StandardCharsets.UTF_8);
    }
}
