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
 * A call record row. Times are {@link OffsetDateTime} fields in UTC because the EclipseLink that Payara bundles
 * (4.0) does not map {@link Instant}, and H2 2.x hands a TIMESTAMP WITH TIME ZONE back only as OffsetDateTime.
 */
@Entity
@Table(name = "call_records")
public class CallRecordEntity {

    // SIP URIs hold no whitespace, so a line break separates them safely
    private static final String TARGET_SEPARATOR = "\n";

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

    CallRecordEntity(String callId) {
        this.callId = callId;
    }

    /**
     * Takes every fact of {@code facts}. A call refused at once may come without an offer time: its end (or
     * {@code now}) stands in, since the offer time orders and bounds every search.
     */
    void apply(CallFacts facts, RecordState newState, Instant now) {
        state = newState.text();
        sessionId = cut(facts.sessionId(), 128);
        profileId = cut(facts.profileId(), 64);
        service = cut(facts.service(), 16);
        providerName = cut(facts.providerName(), 200);
        interpreterId = cut(facts.interpreterId(), 200);
        region = cut(facts.region(), 8);
        regionName = cut(facts.regionName(), 100);
        queue = cut(facts.queue(), 100);
        routeEvidence = cut(facts.routeEvidence(), 2000);
        language = cut(facts.language(), 64);
        languageDecision = cut(facts.languageDecision(), 32);
        relayJson = cut(facts.relayJson(), 1_000_000);
        targetsTried = facts.targetsTried().isEmpty() ? null
                : cut(String.join(TARGET_SEPARATOR, facts.targetsTried()), 10_000);
        outcome = cut(facts.outcome(), 200);
        hungUpBy = cut(facts.hungUpBy(), 16);
        Instant offered = facts.offeredAt() != null ? facts.offeredAt()
                : facts.endedAt() != null ? facts.endedAt() : now;
        offeredAt = utc(offered);
        answeredAt = utc(facts.answeredAt());
        endedAt = utc(facts.endedAt());
    }

    boolean inProgress() {
        return RecordState.IN_PROGRESS.text().equals(state);
    }

    CallRecordView view() {
        return new CallRecordView(callId, sessionId, profileId, service, providerName, interpreterId, region,
                regionName, queue, routeEvidence, language, languageDecision, relayJson,
                targetsTried == null ? List.of() : Arrays.asList(targetsTried.split(TARGET_SEPARATOR)), outcome,
                hungUpBy, instant(offeredAt), instant(answeredAt), instant(endedAt), state);
    }

    // a value longer than its column would fail the whole batch it is written in; a record cut short is better
    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
