package se.relaybridge.admin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.demo.DemoSwitch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Who may use the admin API. PBKDF2 is slow on purpose (~0.1 s), too slow for a board that polls, so a header
 * that was verified is remembered for a few minutes by its SHA-256 (never the password itself).
 */
@ApplicationScoped
public class AdminAccess {

    private static final Logger LOG = Logger.getLogger(AdminAccess.class.getName());
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private static final int MAX_REMEMBERED = 1_000;

    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private volatile AdminUsers users = AdminUsers.none("not loaded");
    private Clock clock = Clock.systemUTC();

    private record Remembered(AdminUser user, Instant until) {
    }

    @PostConstruct
    void load() {
        try {
            users = AdminUsers.load(ConfigLocation.resolve());
            if (users.isEmpty() && DemoSwitch.isOn()) {
                users = demoViewer();
                LOG.warning("demo mode: the board's login is demo / demo (viewer role); demo mode is never for production");
            } else if (users.isEmpty()) {
                LOG.warning("admin API: no logins (" + users.source() + "); every /api request gets 401");
            } else {
                LOG.info("admin API: " + users.byName().size() + " logins from " + users.source());
            }
        } catch (ConfigProblem e) {
            users = AdminUsers.none(e.getMessage());
            LOG.severe("admin API: no logins, the file is refused: " + e.getMessage());
        }
    }

    /** A newcomer's demo shows the board without any setup; only with the demo switch and no admin.json of one's own. */
    static AdminUsers demoViewer() {
        AdminUser demo = new AdminUser("demo", AdminRole.VIEWER, PasswordHash.parse(PasswordHash.create("demo".toCharArray(),
                PasswordHash.MIN_ITERATIONS)));
        return new AdminUsers(Map.of(demo.name(), demo), "demo mode");
    }

    /** For tests outside a container. */
    static AdminAccess of(AdminUsers users, Clock clock) {
        AdminAccess access = new AdminAccess();
        access.users = users;
        access.clock = clock;
        return access;
    }

    /** Why nobody can log in, or empty when logins exist. */
    public Optional<String> noLoginsReason() {
        AdminUsers current = users;
        return current.isEmpty() ? Optional.of(current.source()) : Optional.empty();
    }

    public Optional<AdminUser> authenticate(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String key = sha256(authorizationHeader);
        Remembered hit = verified.get(key);
        Instant now = clock.instant();
        if (hit != null && hit.until().isAfter(now)) {
            return Optional.of(hit.user());
        }
        Optional<AdminUser> user = BasicCredentials.parse(authorizationHeader)
                .flatMap(c -> users.find(c.user()).filter(u -> u.password().matches(c.password())));
        user.ifPresent(u -> {
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, new Remembered(u, now.plus(REMEMBER)));
        });
        return user;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
