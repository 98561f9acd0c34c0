package se.relaybridge.callback;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a scheduled callback stands; only {@code pending} and {@code calling} ones are still the scheduler's. */
public enum ScheduledCallbackState {
    PENDING, CALLING, DONE, FAILED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ScheduledCallbackState> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    public boolean finished() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }
}
