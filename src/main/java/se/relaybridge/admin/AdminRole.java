package se.relaybridge.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an admin API user may do: {@code ops} change configuration and calls, {@code viewer} only look. */
public enum AdminRole {
    OPS, VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AdminRole> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }

    public boolean mayChange() {
        return this == OPS;
    }
}
