package se.relaybridge.callback;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Callback tokens: {@code cb-} and 26 base32 characters, 128 random bits — unguessable, so the URI is the permission. */
public final class CallbackToken {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final Pattern TOKEN = Pattern.compile("cb-[a-z2-7]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallbackToken() {
    }

    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder out = new StringBuilder("cb-");
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** The token in a Request-URI's user part, if it is one (case-insensitive: some equipment upper-cases users). */
    public static Optional<String> of(String user) {
        if (user == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(user.toLowerCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group()) : Optional.empty();
    }
}
