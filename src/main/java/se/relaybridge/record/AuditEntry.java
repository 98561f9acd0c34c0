package se.relaybridge.record;

import java.time.Instant;

/**
 * One configuration change: who made it, when, to what ({@code subject}: {@code profile:texttelefoni},
 * {@code routing}, {@code queues}), the {@code action} ({@code create}, {@code replace}, {@code delete},
 * {@code reload}), and the JSON before and after ({@code null} where there was none).
 */
public record AuditEntry(long id, Instant at, String who, String subject, String action, String before,
                         String after) {
}
