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
