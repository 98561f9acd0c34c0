package se.relaybridge.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A call record row as the searches read it ({@link CallRecordWriter} writes it with plain JDBC, see
 * {@link CallRecordUpsert}). Times are {@link OffsetDateTime} fields in UTC because the EclipseLink that Payara
 * bundles (4.0) does not map {@link Instant}, and H2 2.x hands a TIMESTAMP WITH TIME ZONE back only as
 * OffsetDateTime.
 */
@Entity
@Table(name = "call_records")
public class CallRecordEntity {

    // SIP URIs hold no whitespace, so a line break separates them safely
    static final String TARGET_SEPARATOR = "\n";

    @Id
    @Column(name = "call_id")
    private String callId;
    private String state;
    @Column(name = "session_id")
    private String sessionId;
    @Column(name = "profile_id")
    private String profileId;
    private String service;
    @Column(name = "provider_name")
    private String providerName;
    @Column(name = "interpreter_id")
    private String interpreterId;
    private String region;
    @Column(name = "region_name")
    private String regionName;
    @Column(name = "queue_id")
    private String queue;
    @Column(name = "route_evidence")
    private String routeEvidence;
    private String language;
    @Column(name = "language_decision")
    private String languageDecision;
    @Column(name = "relay_json")
    private String relayJson;
    @Column(name = "targets_tried")
    private String targetsTried;
    private String outcome;
    @Column(name = "hung_up_by")
    private String hungUpBy;
    @Column(name = "offered_at")
    private OffsetDateTime offeredAt;
    @Column(name = "answered_at")
    private OffsetDateTime answeredAt;
    @Column(name = "ended_at")
    private OffsetDateTime endedAt;

    protected CallRecordEntity() {
        // JPA
    }

    CallRecordView view() {
        return new CallRecordView(callId, sessionId, profileId, service, providerName, interpreterId, region,
                regionName, queue, routeEvidence, language, languageDecision, relayJson,
                targetsTried == null ? List.of() : Arrays.asList(targetsTried.split(TARGET_SEPARATOR)), outcome,
                hungUpBy, instant(offeredAt), instant(answeredAt), instant(endedAt), state);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
