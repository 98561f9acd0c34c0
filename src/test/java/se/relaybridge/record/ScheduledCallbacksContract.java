package se.relaybridge.record;

import org.junit.jupiter.api.Test;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Scheduled callbacks and their attempts in the records database: stored, changed, found after a restart. */
abstract class ScheduledCallbacksContract extends DatabaseContract {

    static final Instant NOW = CallRecordsContract.CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);


    static ScheduledCallback pending(String id, Instant due) {
        return new ScheduledCallback(id, "rb-00000000000000" + id.substring(id.length() - 2), "cb-token-" + id,
                "texttelefoni", "sip:nurse-7@127.0.0.60:5060", due, ScheduledCallbackState.PENDING, "ops-anna",
                NOW.minusSeconds(60), List.of());
    }

    @Test
    void aPendingCallbackSurvivesARestartWithItsAttempts() {
        ScheduledCallback created = pending("sc-01", NOW.plus(Duration.ofMinutes(10)));
        ScheduledCallback retried = created.after(new CallbackAttempt(1, NOW, "nurse-busy", 486, "rb-1111111111111111"),
                ScheduledCallbackState.PENDING, NOW.plus(Duration.ofMinutes(15)));
        try (CallRecords records = open()) {
            records.scheduledCallbacks().insert(created);
            assertThat(records.scheduledCallbacks().find("sc-01")).contains(created);
            records.scheduledCallbacks().update(retried.withState(ScheduledCallbackState.CALLING));
            records.scheduledCallbacks().update(retried);
        }
        try (CallRecords again = open()) {
            assertThat(again.scheduledCallbacks().unfinished()).containsExactly(retried);
            assertThat(again.scheduledCallbacks().find("sc-01")).contains(retried);
            assertThat(again.scheduledCallbacks().find("sc-99")).isEmpty();
        }
    }

    @Test
    void attemptsAreAddedInOrderAndFinishedCallbacksAreNoLongerUnfinished() {
        ScheduledCallback callback = pending("sc-02", NOW);
        try (CallRecords records = open()) {
            PersistentScheduledCallbacks store = records.scheduledCallbacks();
            store.insert(callback);
            for (int i = 1; i <= 3; i++) {
                callback = callback.after(new CallbackAttempt(i, NOW.plusSeconds(i), i < 3 ? "nurse-no-answer" : "connected",
                        i < 3 ? 487 : 200, "rb-000000000000000" + i), i < 3 ? ScheduledCallbackState.PENDING
                        : ScheduledCallbackState.DONE, NOW.plusSeconds(i * 60L));
                store.update(callback);
            }
            assertThat(store.find("sc-02").orElseThrow().attempts()).extracting(CallbackAttempt::outcome)
                    .containsExactly("nurse-no-answer", "nurse-no-answer", "connected");
            assertThat(store.find("sc-02")).contains(callback);
            assertThat(store.unfinished()).isEmpty();
        }
    }

    @Test
    void theListShowsWhatIsStillToComeFirstSoonestFirst() {
        try (CallRecords records = open()) {
            PersistentScheduledCallbacks store = records.scheduledCallbacks();
            store.insert(pending("sc-11", NOW.plus(Duration.ofHours(2))));
            store.insert(pending("sc-12", NOW.plus(Duration.ofHours(1))));
            store.insert(pending("sc-13", NOW.minus(Duration.ofHours(1))).withState(ScheduledCallbackState.CANCELLED));
            store.insert(pending("sc-14", NOW.minus(Duration.ofHours(3))).withState(ScheduledCallbackState.DONE));
            store.insert(pending("sc-15", NOW.plus(Duration.ofHours(3))).withState(ScheduledCallbackState.CALLING));
            assertThat(store.list(10)).extracting(ScheduledCallback::id)
                    .containsExactly("sc-12", "sc-11", "sc-15", "sc-13", "sc-14");
            assertThat(store.list(2)).extracting(ScheduledCallback::id).containsExactly("sc-12", "sc-11");
            assertThat(store.unfinished()).extracting(ScheduledCallback::id).containsExactly("sc-12", "sc-11", "sc-15");
        }
    }

    /** Two nodes of a cluster find the same callback due: the database lets exactly one of them dial it. */
    @Test
    void aDueCallbackIsClaimedByOneNodeOnly() throws Exception {
        try (CallRecords nodeA = open(); CallRecords nodeB = open()) {
            nodeA.scheduledCallbacks().insert(pending("sc-21", NOW));
            java.util.concurrent.ExecutorService both = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = both.submit(() -> nodeA.scheduledCallbacks().claim("sc-21", "a", NOW));
                var b = both.submit(() -> nodeB.scheduledCallbacks().claim("sc-21", "b", NOW));
                assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(true, false);
                String winner = a.get() ? "a" : "b";
                assertThat(nodeA.scheduledCallbacks().dialledBy(winner)).as("the store says who dials it")
                        .containsExactly("sc-21");
                assertThat(nodeA.scheduledCallbacks().dialledBy(winner.equals("a") ? "b" : "a")).isEmpty();
            } finally {
                both.shutdownNow();
            }
            assertThat(nodeB.scheduledCallbacks().find("sc-21").orElseThrow().state())
                    .isEqualTo(ScheduledCallbackState.CALLING);
            assertThat(nodeA.scheduledCallbacks().claim("sc-21", "a", NOW)).as("no longer pending").isFalse();
            assertThat(nodeA.scheduledCallbacks().claim("sc-99", "a", NOW)).isFalse();
            nodeA.scheduledCallbacks().insert(pending("sc-22", NOW.plusSeconds(60)));
            assertThat(nodeB.scheduledCallbacks().claim("sc-22", "b", NOW)).as("not due yet: moved on by a retry")
                    .isFalse();
            assertThat(nodeB.scheduledCallbacks().claim("sc-22", "b", NOW.plusSeconds(60))).isTrue();
            nodeB.scheduledCallbacks().update(nodeB.scheduledCallbacks().find("sc-21").orElseThrow()
                    .withState(ScheduledCallbackState.DONE));
            assertThat(nodeA.scheduledCallbacks().dialledBy("a")).as("only while it is dialled").isEmpty();
            assertThat(nodeA.scheduledCallbacks().dialledBy("b")).containsExactly("sc-22");
        }
    }
}
