package se.relaybridge.call;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SerialExecutorTest {

    /** Generous upper bound for latches; a correct executor never comes near it. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final int SUBMITTERS = 4;
    private static final int TASKS_PER_SUBMITTER = 2_500;

    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneExecutorNeverOverlapAndKeepEachSubmittersOrder() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "call-1");
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Queue<int[]> ran = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(SUBMITTERS * TASKS_PER_SUBMITTER);
        CountDownLatch go = new CountDownLatch(1);

        List<Thread> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int submitter = s;
            Thread t = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
                    int seq = i;
                    serial.execute(() -> {
                        maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.yield();
                        ran.add(new int[] {submitter, seq});
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            });
            t.start();
            submitters.add(t);
        }
        go.countDown();
        for (Thread t : submitters) {
            t.join();
        }

        assertThat(done.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all tasks ran").isTrue();
        assertThat(maxRunning.get()).as("tasks running at the same time").isEqualTo(1);
        assertThat(ran).hasSize(SUBMITTERS * TASKS_PER_SUBMITTER);
        int[] next = new int[SUBMITTERS];
        for (int[] r : ran) {
            assertThat(r[1]).as("next task of submitter %d", r[0]).isEqualTo(next[r[0]]);
            next[r[0]]++;
        }
    }

    @Test
    void twoExecutorsRunInParallel() throws Exception {
        SerialExecutor a = new SerialExecutor(pool, "call-a");
        SerialExecutor b = new SerialExecutor(pool, "call-b");
        CountDownLatch aRunning = new CountDownLatch(1);
        CountDownLatch bRunning = new CountDownLatch(1);
        AtomicBoolean aSawB = new AtomicBoolean();
        AtomicBoolean bSawA = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(2);

        // each task waits for the other to be running: only possible if both run at once
        a.execute(() -> {
            aRunning.countDown();
            aSawB.set(awaitQuietly(bRunning));
            done.countDown();
        });
        b.execute(() -> {
            bRunning.countDown();
            bSawA.set(awaitQuietly(aRunning));
            done.countDown();
        });

        assertThat(done.await(TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)).isTrue();
        assertThat(aSawB).isTrue();
        assertThat(bSawA).isTrue();
    }

    @Test
    void aFailingTaskDoesNotStopTheNextOnes() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "call-1");
        CountDownLatch later = new CountDownLatch(2);

        serial.execute(() -> {
            throw new IllegalStateException("test: event handler failed");
        });
        serial.execute(later::countDown);
        serial.execute(() -> {
            throw new AssertionError("test: even an Error");
        });
        serial.execute(later::countDown);

        assertThat(later.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void executeAfterThePoolIsShutDownDoesNotThrow() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "call-1");
        pool.shutdown();
        assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();

        assertThatCode(() -> serial.execute(() -> ran.set(true))).doesNotThrowAnyException();
        assertThatCode(() -> serial.execute(() -> ran.set(true))).doesNotThrowAnyException();
        assertThat(ran).isFalse();
    }

    @Test
    void tasksQueuedWhenThePoolShutsDownAreDroppedQuietly() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool, "call-1");
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean queuedRan = new AtomicBoolean();

        serial.execute(() -> {
            firstRunning.countDown();
            awaitQuietly(release);
        });
        assertThat(firstRunning.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        serial.execute(() -> queuedRan.set(true));
        pool.shutdown();
        release.countDown();
        assertThat(pool.awaitTermination(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(queuedRan).isFalse();
        assertThatCode(() -> serial.execute(() -> queuedRan.set(true))).doesNotThrowAnyException();
        assertThat(queuedRan).isFalse();
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
