package se.relaybridge.record;

import java.time.Instant;
import java.util.List;

/**
 * What the B2BUA knows about one call, handed to {@link CallRecords} when the call starts and when it ends. A
 * plain value: the call side never sees JPA.
 *
 * @param callId          relaybridge's call id, e.g. {@code rb-5f2c9a0e1b7d3c48}; the record's key
 * @param sessionId       RFC 7989 Session-ID, or {@code null}
 * @param service         {@code text}, {@code video}, {@code speech}, or {@code null} for a call that is no relay
 * @param region          län code, or {@code null} when unknown
 * @param relayJson       the relay metadata JSON as sent to the nurse, or {@code null}
 * @param targetsTried    SIP URIs of the queue targets tried, in order
 * @param outcome         e.g. {@code completed:relay-hangup}, {@code refused:403:not-a-relay-trunk}; {@code null}
 *                        while the call is in progress
 * @param hungUpBy        {@code relay}, {@code queue}, {@code relaybridge} or {@code null}
 */
public record CallFacts(String callId, String sessionId, String profileId, String service, String providerName,
                        String interpreterId, String region, String regionName, String queue, String routeEvidence,
                        String language, String languageDecision, String relayJson, List<String> targetsTried,
                        String outcome, String hungUpBy, Instant offeredAt, Instant answeredAt, Instant endedAt) {

    public CallFacts {
        if (callId == null || callId.isBlank()) {
            throw new IllegalArgumentException("a call record needs a callId");
        }
        targetsTried = targetsTried == null ? List.of() : List.copyOf(targetsTried);
    }
}
