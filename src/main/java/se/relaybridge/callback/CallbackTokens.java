package se.relaybridge.callback;

import java.time.Instant;
import java.util.Optional;

/**
 * Where callback grants are kept. {@link #issue} runs on a call's executor and must not block (queue the write);
 * {@link #find} may read the database (it runs on the call executor of the nurse's INVITE, never a SIP thread) and
 * must find a grant issued a moment ago, before its write is done.
 */
public interface CallbackTokens {

    void issue(CallbackGrant grant);

    /** The grant of {@code token}, if there is one and it is still valid at {@code now}. */
    Optional<CallbackGrant> find(String token, Instant now);

    /**
     * The newest grant issued for relay call {@code callId} that is still valid at {@code now} (a scheduled callback
     * is asked for by call id, the grant gives the person's number and profile). May read the database: callers are
     * the admin API and the callback scheduler, never a SIP thread.
     */
    Optional<CallbackGrant> findByCallId(String callId, Instant now);
}
