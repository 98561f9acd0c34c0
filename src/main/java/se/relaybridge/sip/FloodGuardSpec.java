package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;
import se.relaybridge.relay.Cidr;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code floodGuard} in {@code sip.json}: the per-source rate limit and temporary ban of SIP requests from sources
 * that are no relay trunk and no queue target (docs/trust-and-floods.md). A source sending more than
 * {@code limitPerSecond} requests a second, counted over {@code windowSeconds}, has the excess refused with
 * {@code 503}; more than {@code banPerSecond} and it is banned (its requests dropped unanswered) for
 * {@code banSeconds}. {@code allow} lists more address blocks that are never limited. At most
 * {@code trackedSources} sources are followed at once, so a flood from spoofed addresses cannot grow memory.
 */
public record FloodGuardSpec(Boolean enabled, Integer limitPerSecond, Integer banPerSecond, Integer windowSeconds,
                             Integer banSeconds, List<String> allow, Integer trackedSources) {

    public static final FloodGuardSpec DEFAULT = new FloodGuardSpec(true, 50, 100, 2, 60, List.of(), 4096);

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** The {@code allow} blocks, parsed (only on a validated spec). */
    public List<Cidr> allowBlocks() {
        return allow == null ? List.of() : allow.stream().map(a -> Cidr.parse(a).orElseThrow()).toList();
    }

    FloodGuardSpec validated(String file) {
        int limit = orDefault(limitPerSecond, DEFAULT.limitPerSecond);
        int ban = orDefault(banPerSecond, Math.max(DEFAULT.banPerSecond, 2 * limit));
        int window = orDefault(windowSeconds, DEFAULT.windowSeconds);
        int banFor = orDefault(banSeconds, DEFAULT.banSeconds);
        int tracked = orDefault(trackedSources, DEFAULT.trackedSources);
        check(file, "limitPerSecond", limit, 1, 100_000);
        check(file, "windowSeconds", window, 1, 60);
        check(file, "banSeconds", banFor, 1, 86_400);
        check(file, "trackedSources", tracked, 16, 1_000_000);
        if (ban < limit || ban > 1_000_000) {
            throw new ConfigProblem(file, "floodGuard.banPerSecond", ban + " must be between limitPerSecond ("
                    + limit + ") and 1000000");
        }
        List<String> blocks = new ArrayList<>();
        List<String> given = allow == null ? List.of() : allow;
        for (int i = 0; i < given.size(); i++) {
            String block = given.get(i);
            if (Cidr.parse(block).isEmpty()) {
                throw new ConfigProblem(file, "floodGuard.allow[" + i + "]", "'" + block
                        + "' is not an address block such as 192.0.2.0/24 (no host names)");
            }
            blocks.add(block.trim());
        }
        return new FloodGuardSpec(isEnabled(), limit, ban, window, banFor, List.copyOf(blocks), tracked);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static void check(String file, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigProblem(file, "floodGuard." + field, value + " is outside " + min + "-" + max);
        }
    }
}
