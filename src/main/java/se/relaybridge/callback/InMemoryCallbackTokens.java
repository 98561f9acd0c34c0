package se.relaybridge.callback;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grants kept in this process only: what relaybridge uses until a persistent store is attached (and in tests that
 * start the B2BUA alone). Expired grants are dropped as they are met.
 */
public final class InMemoryCallbackTokens implements CallbackTokens {

    private final Map<String, CallbackGrant> grants = new ConcurrentHashMap<>();

    @Override
    public void issue(CallbackGrant grant) {
        grants.put(grant.token(), grant);
    }

    @Override
    public Optional<CallbackGrant> find(String token, Instant now) {
        CallbackGrant grant = grants.get(token);
        if (grant != null && !grant.validAt(now)) {
            grants.remove(token, grant);
            return Optional.empty();
        }
        return Optional.ofNullable(grant);
    }

    @Override
    public Optional<CallbackGrant> findByCallId(String callId, Instant now) {
        return grants.values().stream().filter(g -> g.callId().equals(callId) && g.validAt(now))
                .max(java.util.Comparator.comparing(CallbackGrant::issuedAt));
    }
}
