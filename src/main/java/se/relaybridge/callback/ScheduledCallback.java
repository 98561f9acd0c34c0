package se.relaybridge.callback;

import java.time.Instant;
import java.util.List;

/**
 * A callback an operator scheduled ({@code POST /api/callbacks}): at {@code dueAt} relaybridge calls
 * {@code nurseUri}, then the person of relay call {@code callId} through the relay, and bridges the two. The
 * person's number stays in the callback grant ({@code token}); nothing here repeats it.
 *
 * @param dueAt    when the next attempt is due (moved on by a retry)
 * @param attempts the attempts made so far, oldest first
 */
public record ScheduledCallback(String id, String callId, String token, String profileId, String nurseUri,
                                Instant dueAt, ScheduledCallbackState state, String createdBy, Instant createdAt,
                                List<CallbackAttempt> attempts) {

    public ScheduledCallback {
        attempts = List.copyOf(attempts);
    }

    public ScheduledCallback withState(ScheduledCallbackState newState) {
        return new ScheduledCallback(id, callId, token, profileId, nurseUri, dueAt, newState, createdBy, createdAt,
                attempts);
    }

    /** With {@code attempt} added, in {@code newState}, next due at {@code nextDue}. */
    public ScheduledCallback after(CallbackAttempt attempt, ScheduledCallbackState newState, Instant nextDue) {
        List<CallbackAttempt> all = new java.util.ArrayList<>(attempts);
        all.add(attempt);
        return new ScheduledCallback(id, callId, token, profileId, nurseUri, nextDue, newState, createdBy, createdAt,
                all);
    }
}
