package se.relaybridge.call;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class DurableAnswerTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final Call call = new Call("rb-test", pool, "sip-call-id", "udp", Instant.now());

    @AfterEach
    void stop() {
        pool.shutdownNow();
        timers.shutdownNow();
    }

    @Test
    void theAnswerWaitsUntilTheJournalHasStoredIt() throws Exception {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch passed = new CountDownLatch(1);
        DurableAnswer gate = new DurableAnswer(journal(stored, Duration.ofMinutes(5)), timers);

        gate.then(call, () -> {
            answered.incrementAndGet();
            passed.countDown();
        });
        assertThat(passed.await(200, TimeUnit.MILLISECONDS)).as("held while not stored").isFalse();
        stored.complete(null);

        assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(answered).hasValue(1);
        assertThat(gate.undurable()).isZero();
    }

    @Test
    void aJournalThatNeverAnswersHoldsTheCallNoLongerThanItsPatienceAndTheAnswerPassesOnce() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        AtomicInteger answered = new AtomicInteger();
        CountDownLatch passed = new CountDownLatch(1);
        DurableAnswer gate = new DurableAnswer(journal(never, Duration.ofMillis(50)), timers);

        gate.then(call, () -> {
            answered.incrementAndGet();
            passed.countDown();
        });

        assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        never.complete(null); // stored after all, too late: the relay was answered once
        Thread.sleep(100);
        assertThat(answered).hasValue(1);
        assertThat(gate.undurable()).isEqualTo(1);
    }

    @Test
    void withoutAJournalTheAnswerGoesAtOnceOnTheCallersThread() {
        AtomicInteger answered = new AtomicInteger();
        new DurableAnswer(AnswerJournal.NONE, timers).then(call, answered::incrementAndGet);
        assertThat(answered).hasValue(1);
    }

    private static AnswerJournal journal(CompletionStage<Void> stage, Duration patience) {
        return new AnswerJournal() {
            @Override
            public CompletionStage<Void> answered(CallSnapshot snapshot) {
                return stage;
            }

            @Override
            public Duration patience() {
                return patience;
            }
        };
    }
}
