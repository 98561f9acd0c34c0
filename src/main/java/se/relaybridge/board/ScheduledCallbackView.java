package se.relaybridge.board;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.sip.NumberMask;

import java.time.Instant;

/**
 * One scheduled callback as the live board shows it: when, how it stands, how many tries. Like {@link CallView}
 * nothing of the person; the nurse's URI is masked too, as a nurse may be reached at a phone number.
 *
 * @param state       {@code pending}, {@code calling}, {@code done}, {@code failed} or {@code cancelled}
 * @param lastOutcome the latest attempt's outcome (e.g. {@code nurse-busy}), or null before the first
 */
@JsonbPropertyOrder({"id", "callId", "profileId", "nurse", "dueAt", "state", "attempts", "lastOutcome"})
public record ScheduledCallbackView(String id, String callId, String profileId, String nurse, Instant dueAt,
                                    String state, int attempts, String lastOutcome) {

    public static ScheduledCallbackView of(ScheduledCallback callback) {
        CallbackAttempt last = callback.attempts().isEmpty() ? null
                : callback.attempts().get(callback.attempts().size() - 1);
        return new ScheduledCallbackView(callback.id(), callback.callId(), callback.profileId(),
                NumberMask.mask(callback.nurseUri()), callback.dueAt(), callback.state().wireName(),
                callback.attempts().size(), last == null ? null : last.outcome());
    }
}
