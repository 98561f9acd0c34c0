package se.relaybridge.call;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Holds the queue's answer until the {@link AnswerJournal} has made the answered call durable, then passes it to
 * the relay on the call's executor. A journal slower than its {@link AnswerJournal#patience()} does not hold the call any longer:
 * a person who reached a nurse is never kept from her by a slow database (the answer then goes undurable and is
 * counted).
 */
final class DurableAnswer {

    private static final Logger LOG = Logger.getLogger(DurableAnswer.class.getName());

    private final Supplier<AnswerJournal> journal;
    private final ScheduledExecutorService timers;
    private final AtomicLong undurable = new AtomicLong();

    DurableAnswer(Supplier<AnswerJournal> journal, ScheduledExecutorService timers) {
        this.journal = journal;
        this.timers = timers;
    }

    /** Runs {@code answer} on the call's executor once its answer is durable (at once without a journal). */
    void then(Call call, Runnable answer) {
        AnswerJournal current = journal.get();
        if (current == AnswerJournal.NONE) {
            answer.run();
            return;
        }
        Duration patience = current.patience();
        AtomicBoolean passed = new AtomicBoolean();
        Runnable pass = () -> {
            if (passed.compareAndSet(false, true)) {
                call.executor().execute(answer);
            }
        };
        ScheduledFuture<?> giveUp = timers.schedule(() -> {
            if (!passed.get()) {
                long count = undurable.incrementAndGet();
                LOG.warning(() -> call.id() + ": the call records did not confirm the answer within "
                        + patience.toMillis() + " ms; answering the relay anyway (" + count + " so far)");
                pass.run();
            }
        }, patience.toMillis(), TimeUnit.MILLISECONDS);
        current.answered(CallSnapshot.of(call, null)).whenComplete((done, failure) -> {
            giveUp.cancel(false);
            pass.run();
        });
    }

    /** Answers passed to the relay before the journal confirmed them. */
    long undurable() {
        return undurable.get();
    }
}
