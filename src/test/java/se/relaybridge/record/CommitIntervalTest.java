package se.relaybridge.record;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/records-writer.md, "The commit interval": longer under load, short on a quiet node, never past 50 ms. */
class CommitIntervalTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Commits of {@code writes} each, {@code every} nanoseconds apart; answers the interval after the last. */
    private static long steady(CommitInterval interval, int writes, long every, int commits) {
        long now = 0;
        for (int i = 0; i < commits; i++) {
            now += every;
            interval.committing(writes, now);
        }
        return interval.current();
    }

    @Test
    void aQuietNodeCommitsAfterTheShortestInterval() {
        CommitInterval interval = new CommitInterval();
        assertThat(interval.current()).isEqualTo(CommitInterval.MIN_NANOS);
        // one write every 200 ms: 5 writes a second
        assertThat(steady(interval, 1, 200 * MS, 20)).isEqualTo(CommitInterval.MIN_NANOS);
    }

    @Test
    void underLoadTheWritesGatherForTheLongestIntervalAndNoLonger() {
        CommitInterval interval = new CommitInterval();
        // 400 calls/s with their grants: 1,600 writes a second, first in 5 ms batches of 8
        long first = steady(interval, 8, 5 * MS, 3);
        assertThat(first).isGreaterThan(CommitInterval.MIN_NANOS);
        assertThat(steady(interval, 80, 50 * MS, 20)).isEqualTo(CommitInterval.MAX_NANOS);
        // a backlog (a full batch at once) never stretches it further
        assertThat(steady(interval, 2000, 5 * MS, 20)).isEqualTo(CommitInterval.MAX_NANOS);
        assertThat(CommitInterval.MAX_NANOS).isLessThanOrEqualTo(DatabaseSettings.DEFAULT_ANSWER_PATIENCE.toNanos() / 10);
    }

    @Test
    void inBetweenTheIntervalFollowsTheRateAndComesBackWhenTheLoadGoes() {
        CommitInterval interval = new CommitInterval();
        // 200 writes a second (50 calls/s): 25 ms
        long moderate = steady(interval, 5, 25 * MS, 30);
        assertThat(moderate).isBetween(20 * MS, 30 * MS);
        steady(interval, 80, 50 * MS, 20);
        assertThat(steady(interval, 1, 500 * MS, 20)).isEqualTo(CommitInterval.MIN_NANOS);
    }
}
