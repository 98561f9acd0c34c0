package se.relaybridge.record;

import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Every change to profiles, queues and routing: who, when, what, and the JSON before and after. Written at once
 * on the caller's thread (admin requests run on HTTP threads, and a change should not be answered before it is
 * on record).
 */
public final class AuditLog {

    public static final int MAX_LIMIT = 1000;

    interface Work {
        <T> T run(Function<EntityManager, T> work);
    }

    private final Work write;
    private final Work read;
    private final Clock clock;

    AuditLog(Work write, Work read, Clock clock) {
        this.write = write;
        this.read = read;
        this.clock = clock;
    }

    public void record(String who, String subject, String action, String before, String after) {
        require("who", who);
        require("subject", subject);
        require("action", action);
        write.run(em -> {
            em.persist(new AuditEntryEntity(clock.instant(), who, subject, action, before, after));
            return null;
        });
    }

    /** The newest {@code limit} (1–1000) entries whose subject starts with {@code subjectPrefix} (null: all). */
    public List<AuditEntry> recent(String subjectPrefix, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be 1-" + MAX_LIMIT + ", not " + limit);
        }
        String prefix = subjectPrefix == null ? "" : subjectPrefix;
        return read.run(em -> em.createQuery("SELECT a FROM AuditEntryEntity a WHERE a.subject LIKE :prefix ESCAPE '\\'"
                        + " ORDER BY a.at DESC, a.id DESC", AuditEntryEntity.class)
                .setParameter("prefix", prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
                .setMaxResults(limit)
                .getResultList().stream().map(AuditEntryEntity::entry).toList());
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": an audit entry needs it");
        }
    }
}
