package se.relaybridge.call;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where an answered call is made durable before the relay hears the answer: a crash after the relay's 200 must
 * never leave an answered call without its record (docs/availability.md). The call records implement it; a
 * B2BUA without records answers at once.
 */
public interface AnswerJournal {

    /** Nothing to wait for: the relay is answered at once. */
    AnswerJournal NONE = new AnswerJournal() {
        @Override
        public CompletionStage<Void> answered(CallSnapshot call) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Duration patience() {
            return Duration.ZERO;
        }
    };

    /**
     * Stores the answered call; the stage completes once the store is durable, or has failed (a database that fails
     * never fails a call). Must return at once: it is called on the call's executor.
     */
    CompletionStage<Void> answered(CallSnapshot call);

    /** How long a call may wait for {@link #answered}; after that the relay is answered anyway. */
    Duration patience();
}
