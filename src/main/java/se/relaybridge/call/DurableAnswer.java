package se.relaybridge.call;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Holds the queue's answer until the {@link AnswerJournal} has made the answered call durable, then passes it to
 * the relay on the call's executor. A journal slower than its {@link AnswerJournal#patience()} does not hold the call any longer:
 * a person who reached a nurse is never kept from her by a slow database (the answer then goes undurable and is
 * counted).
 */
final class DurableAnswer {

    private static final Logger LOG = Logger.getLogger(DurableAnswer.class.getName());

    private final AnswerJournal journal;
    private final ScheduledExecutorService timers;
    private final AtomicLong undurable = new AtomicLong();
    private final AtomicLong loggedAt = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong loggedCount = new AtomicLong();
    /** A slow database under load would otherwise write one line per answered call. */
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    DurableAnswer(AnswerJournal journal, ScheduledExecutorService timers) {
        this.journal = journal;
        this.timers = timers;
    }

    /** Runs {@code answer} on the call's executor once its answer is durable (at once without a journal). */
    void then(Call call, Runnable answer) {
        AnswerJournal current = journal;
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
                long now = System.nanoTime();
                long last = loggedAt.get();
                if (now - last >= LOG_EVERY_NANOS && loggedAt.compareAndSet(last, now)) {
                    long since = count - loggedCount.getAndSet(count);
                    LOG.warning(() -> call.id() + ": the call records did not confirm the answer within "
                            + patience.toMillis() + " ms; answering the relay anyway (" + since
                            + " calls since the last such line, " + count + " since start)");
                }
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
