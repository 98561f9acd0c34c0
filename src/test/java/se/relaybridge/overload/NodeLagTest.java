package se.relaybridge.overload;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's own delay, on a clock of the test's: datagrams waiting to be read, and its own stalls. */
class NodeLagTest {

    private final AtomicLong receiveLag = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final NodeLag lag = new NodeLag(receiveLag::get, 250, nanos::get);

    private void after(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aNodeNeverBehindIsNeverBehind() {
        for (int i = 0; i < 50; i++) {
            after(NodeLag.SAMPLE_MILLIS);
            receiveLag.set(250);
            lag.sample();
        }
        assertThat(lag.within(Duration.ofHours(1))).isFalse();
    }

    @Test
    void datagramsWaitingTooLongMarkTheNodeBehindForTheWindowsThatSeeIt() {
        after(NodeLag.SAMPLE_MILLIS);
        receiveLag.set(400);
        lag.sample();
        receiveLag.set(0);
        after(NodeLag.SAMPLE_MILLIS);
        lag.sample();
        after(1_900);
        assertThat(lag.within(Duration.ofSeconds(2))).as("a 2 s wait that began before it").isTrue();
        assertThat(lag.within(Duration.ofSeconds(1))).as("a 1 s wait that began after it").isFalse();
    }

    @Test
    void datagramsWaitingNowCountBeforeTheNextSample() {
        receiveLag.set(300);
        assertThat(lag.within(Duration.ofMillis(1))).isTrue();
        receiveLag.set(250);
        assertThat(lag.within(Duration.ofMillis(1))).as("250 ms is the limit, not over it").isFalse();
    }

    /** A collection pause stops the receive loop too: no datagram waits behind it, but the sampler wakes late. */
    @Test
    void aSamplerWakingLateMarksAStall() {
        after(NodeLag.SAMPLE_MILLIS);
        lag.sample();
        after(NodeLag.SAMPLE_MILLIS + 240);
        lag.sample();
        assertThat(lag.within(Duration.ofSeconds(5))).as("240 ms late").isFalse();
        after(NodeLag.SAMPLE_MILLIS + 260);
        lag.sample();
        assertThat(lag.within(Duration.ofSeconds(5))).as("260 ms late").isTrue();
    }
}
