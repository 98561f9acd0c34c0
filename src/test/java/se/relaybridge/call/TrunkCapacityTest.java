package se.relaybridge.call;

import org.junit.jupiter.api.Test;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.TrunkSpec;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

class TrunkCapacityTest {

    private static final Executor DIRECT = Runnable::run;

    private final MutableClock clock = new MutableClock();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TrunkCapacity capacity = new TrunkCapacity(new LocalTrunkSlots(), nanos::get);

    @Test
    void concurrentLimitRefusesTheCallOverItAndFreesThePlaceWhenACallEnds() {
        RelayProfile trunk = profile(2, null);
        Call first = call();
        Call second = call();
        assertThat(capacity.tryAdmit(first, trunk)).isTrue();
        assertThat(capacity.tryAdmit(second, trunk)).isTrue();
        assertThat(capacity.tryAdmit(call(), trunk)).isFalse();
        capacity.release(first);
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
        assertThat(capacity.activeCalls("texttelefoni")).isEqualTo(2);
    }

    @Test
    void callsPerSecondLimitRefillsWithTime() {
        RelayProfile trunk = profile(null, 2);
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
        assertThat(capacity.tryAdmit(call(), trunk)).isFalse();
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
        assertThat(capacity.tryAdmit(call(), trunk)).isFalse();
    }

    @Test
    void theRateIsNotFooledByTheWallClockGoingBack() {
        RelayProfile trunk = profile(null, 1);
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
        clock.advance(Duration.ofHours(-1));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(capacity.tryAdmit(call(), trunk)).isTrue();
    }

    @Test
    void aCallRefusedByTheRateHoldsNoPlace() {
        RelayProfile trunk = profile(5, 1);
        Call admitted = call();
        Call refused = call();
        assertThat(capacity.tryAdmit(admitted, trunk)).isTrue();
        assertThat(capacity.tryAdmit(refused, trunk)).isFalse();
        capacity.release(refused);
        assertThat(capacity.activeCalls("texttelefoni")).isEqualTo(1);
    }

    private static RelayProfile profile(Integer maxConcurrent, Integer perSecond) {
        return new RelayProfile("texttelefoni", "T", "text",
                new TrunkSpec(List.of("127.0.0.11/32"), null, null, maxConcurrent, perSecond), null, null, null);
    }

    private Call call() {
        return new Call("rb-0", DIRECT, "c", "udp", clock.instant());
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
