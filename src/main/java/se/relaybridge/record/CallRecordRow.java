package se.relaybridge.record;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The columns of one {@code call_records} row as the writer stores them: every value cut to its column, times in
 * UTC. A call refused at once may come without an offer time: its end (or the time of the write) stands in, since
 * the offer time orders and bounds every search.
 */
record CallRecordRow(String callId, String state, String sessionId, String profileId, String service,
                     String providerName, String interpreterId, String region, String regionName, String queue,
                     String routeEvidence, String language, String languageDecision, String relayJson,
                     String targetsTried, String outcome, String hungUpBy, OffsetDateTime offeredAt,
                     OffsetDateTime answeredAt, OffsetDateTime endedAt) {

    static CallRecordRow of(CallFacts facts, RecordState state, Instant now) {
        Instant offered = facts.offeredAt() != null ? facts.offeredAt()
                : facts.endedAt() != null ? facts.endedAt() : now;
        // the key is never cut: two calls must not share a row (a call id too long for its column fails alone)
        return new CallRecordRow(facts.callId(), state.text(), cut(facts.sessionId(), 128),
                cut(facts.profileId(), 64), cut(facts.service(), 16), cut(facts.providerName(), 200),
                cut(facts.interpreterId(), 200), cut(facts.region(), 8), cut(facts.regionName(), 100),
                cut(facts.queue(), 100), cut(facts.routeEvidence(), 2000), cut(facts.language(), 64),
                cut(facts.languageDecision(), 32), cut(facts.relayJson(), 1_000_000),
                facts.targetsTried().isEmpty() ? null
                        : cut(String.join(CallRecordEntity.TARGET_SEPARATOR, facts.targetsTried()), 10_000),
                cut(facts.outcome(), 200), cut(facts.hungUpBy(), 16), CallRecordEntity.utc(offered),
                CallRecordEntity.utc(facts.answeredAt()), CallRecordEntity.utc(facts.endedAt()));
    }

    // a value longer than its column would fail the whole batch it is written in; a record cut short is better
    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
