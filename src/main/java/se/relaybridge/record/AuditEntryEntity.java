package se.relaybridge.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.Instant;

/** An audit log row. The id comes from a sequence: EclipseLink 4.0 asks H2 for identities with CALL IDENTITY(), gone in H2 2.x. */
@Entity
@Table(name = "audit_log")
public class AuditEntryEntity {

    @Id
    @SequenceGenerator(name = "audit_log_seq", sequenceName = "audit_log_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_log_seq")
    private Long id;
    @Column(name = "changed_at")
    private OffsetDateTime at;
    private String who;
    private String subject;
    private String action;
    @Column(name = "before_json")
    private String before;
    @Column(name = "after_json")
    private String after;

    protected AuditEntryEntity() {
        // JPA
    }

    AuditEntryEntity(Instant at, String who, String subject, String action, String before, String after) {
        this.at = CallRecordEntity.utc(at);
        this.who = who;
        this.subject = subject;
        this.action = action;
        this.before = before;
        this.after = after;
    }

    AuditEntry entry() {
        return new AuditEntry(id, at.toInstant(), who, subject, action, before, after);
    }
}
