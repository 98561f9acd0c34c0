package se.relaybridge.routing;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TargetSelectionTest {

    private static final String A = "sip:1177@192.0.2.1";
    private static final String B = "sip:1177@192.0.2.2";
    private static final FailoverPolicy PINGS_OFF = new FailoverPolicy(Duration.ofSeconds(4), Duration.ofSeconds(30),
            Duration.ZERO, Duration.ofSeconds(2));
    private static final FailoverPolicy PINGS_EVERY_10_S = FailoverPolicy.DEFAULT;

    private final MovableClock clock = new MovableClock();
    private final TargetHealth health = new LocalTargetHealth();
    private final TargetSelection selection = new TargetSelection(health, clock);

    @Test
    void targetsNotAskedYetAreTriedInConfiguredOrder() {
        assertThat(selection.toTry(List.of(A, B), PINGS_EVERY_10_S)).containsExactly(A, B);
    }

    @Test
    void aTargetThatFailedACallIsSkippedUntilItAnswersAgain() {
        selection.failed(A, "call 503");
        assertThat(selection.toTry(List.of(A, B), PINGS_EVERY_10_S)).containsExactly(B);
        assertThat(health.get(A).cause()).isEqualTo("call 503");

        selection.answered(A, "OPTIONS");
        assertThat(selection.toTry(List.of(A, B), PINGS_EVERY_10_S)).containsExactly(A, B);
    }

    /** docs/target-health.md: a node that is behind must not take its own delay for its targets' failure. */
    @Test
    void aTimeoutWhileThisNodeWasBehindIsNotHeldAgainstTheTarget() {
        java.util.concurrent.atomic.AtomicReference<Duration> asked = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean behind = new java.util.concurrent.atomic.AtomicBoolean(true);
        TargetSelection judged = new TargetSelection(health, clock, window -> {
            asked.set(window);
            return behind.get();
        });
        judged.answered(A, "OPTIONS");
        judged.timedOut(A, "no answer to OPTIONS", Duration.ofSeconds(2));
        assertThat(asked.get()).as("the node asked about the wait itself").isEqualTo(Duration.ofSeconds(2));
        assertThat(health.state(A)).isEqualTo(TargetHealth.State.UP);
        assertThat(judged.timeoutsNotBlamed()).isEqualTo(1);

        behind.set(false);
        judged.timedOut(A, "call 408 or no answer", Duration.ofSeconds(4));
        assertThat(health.state(A)).isEqualTo(TargetHealth.State.DOWN);
        assertThat(health.get(A).cause()).isEqualTo("call 408 or no answer");
        assertThat(judged.timeoutsNotBlamed()).isEqualTo(1);

        behind.set(true);
        judged.failed(B, "call 503");
        assertThat(health.state(B)).as("an answer that is a failure is the target's, however late it is read")
                .isEqualTo(TargetHealth.State.DOWN);
    }

    @Test
    void everyTargetKnownDownLeavesNothingToTry() {
        selection.failed(A, "no answer to OPTIONS");
        selection.failed(B, "call 408 or no answer");
        assertThat(selection.toTry(List.of(A, B), PINGS_EVERY_10_S)).isEmpty();
    }

    @Test
    void aDownMarkNoPingConfirmsIsTriedAgainOnceItsHoldHasPassed() {
        selection.failed(A, "call 503");
        clock.advance(PINGS_OFF.downHold().minusSeconds(1));
        assertThat(selection.toTry(List.of(A, B), PINGS_OFF)).containsExactly(B);
        clock.advance(Duration.ofSeconds(1));
        assertThat(selection.toTry(List.of(A, B), PINGS_OFF)).containsExactly(A, B);
        // with pings every 10 s, two rounds and a timeout without confirmation
        assertThat(PINGS_EVERY_10_S.downHold()).isEqualTo(Duration.ofSeconds(22));
    }

    @Test
    void aTransferTriesEveryTargetThoseKnownDownLast() {
        selection.failed(A, "call 503");
        assertThat(selection.allInOrder(List.of(A, B))).containsExactly(B, A);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
