package se.relaybridge.admin;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Admin passwords are stored only as PBKDF2-HMAC-SHA256 hashes, {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}
 * (salt and hash in base64), so {@code admin.json} can be reviewed and versioned without giving anyone a login.
 * Run {@code main} to make one; it reads the password from the console (or one line of standard input) so it
 * never appears in the shell history.
 */
public final class PasswordHash {

    static final int DEFAULT_ITERATIONS = 210_000;
    private static final Pattern FORMAT =
            Pattern.compile("pbkdf2-sha256:([0-9]{1,7}):([A-Za-z0-9+/=]{16,}):([A-Za-z0-9+/=]{32,})");
    static final int MIN_ITERATIONS = 10_000;

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Parses a stored hash; the message says what is wrong, without repeating the value. */
    public static PasswordHash parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("is not pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>"
                    + " (make one with: java -cp <classes> se.relaybridge.admin.PasswordHash)");
        }
        int iterations = Integer.parseInt(m.group(1));
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("has " + iterations + " iterations; at least " + MIN_ITERATIONS);
        }
        return new PasswordHash(iterations, Base64.getDecoder().decode(m.group(2)), Base64.getDecoder().decode(m.group(3)));
    }

    public static String create(char[] password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = derive(password, salt, iterations, 32);
        return "pbkdf2-sha256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }

    public boolean matches(char[] password) {
        return MessageDigest.isEqual(hash, derive(password, salt, iterations, hash.length));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    public static void main(String[] args) throws IOException {
        Console console = System.console();
        char[] password;
        if (console != null) {
            password = console.readPassword("password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 12) {
            System.err.println("a password needs at least 12 characters");
            System.exit(2);
        }
        System.out.println(create(password, DEFAULT_ITERATIONS));
    }
}
