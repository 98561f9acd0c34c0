package se.relaybridge.record;

import java.time.Instant;
import java.util.List;

/**
 * One call record as the admin API shows it: the {@link CallFacts} and the record's {@code state}
 * ({@code in-progress}, {@code ended} or {@code interrupted}). Only the canonical constructor, so JSON-B (Yasson)
 * can bind it. {@code relayJson} is the metadata JSON as text.
 */
public record CallRecordView(String callId, String sessionId, String profileId, String service, String providerName,
                             String interpreterId, String region, String regionName, String queue,
                             String routeEvidence, String language, String languageDecision, String relayJson,
                             List<String> targetsTried, String outcome, String hungUpBy, Instant offeredAt,
                             Instant answeredAt, Instant endedAt, String state) {
}
