package se.relaybridge.overload;

import org.junit.jupiter.api.Test;
import se.relaybridge.sip.OverloadLimits;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LoadShedderTest {

    private static final Set<String> TRUNKS = Set.of("text", "video", "speech");
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong receiveLag = new AtomicLong();
    private final AtomicBoolean heapHigh = new AtomicBoolean();
    private final AtomicLong nanos = new AtomicLong();

    private LoadShedder shedder(int rate, int reservedPercent) {
        OverloadLimits limits = new OverloadLimits(true, rate, 100, 50, 250, 90, reservedPercent, 2);
        return new LoadShedder(limits, active::get, queued::get, receiveLag::get, heapHigh::get, nanos::get);
    }

    private static long admitted(LoadShedder shedder, String trunk, int tries) {
        return IntStream.range(0, tries).filter(i -> shedder.admit(trunk, TRUNKS) == null).count();
    }

    @Test
    void oneTrunksBurstLeavesTheOthersTheirReservedShare() {
        LoadShedder shedder = shedder(30, 60);
        // 60 % of 30/s reserved: 6/s for each of three trunks, 12/s shared
        assertThat(admitted(shedder, "text", 100)).isEqualTo(6 + 12);
        assertThat(admitted(shedder, "video", 100)).isEqualTo(6);
        assertThat(admitted(shedder, "speech", 100)).isEqualTo(6);
        assertThat(shedder.shed(ShedReason.RATE)).isEqualTo(300 - 30);
    }

    @Test
    void aSourceThatIsNoTrunkHasOnlyTheSharedPart() {
        LoadShedder shedder = shedder(30, 60);
        assertThat(admitted(shedder, null, 100)).isEqualTo(12);
        assertThat(admitted(shedder, "video", 100)).isEqualTo(6);
    }

    @Test
    void theRateRefillsWithTime() {
        LoadShedder shedder = shedder(10, 0);
        assertThat(admitted(shedder, "text", 50)).isEqualTo(10);
        nanos.addAndGet(500_000_000L);
        assertThat(admitted(shedder, "text", 50)).isEqualTo(5);
        nanos.addAndGet(10_000_000_000L);
        assertThat(admitted(shedder, "text", 50)).as("a burst of one second at most").isEqualTo(10);
    }

    @Test
    void theNodesOwnHealthComesBeforeTheRateAndSpendsNoToken() {
        LoadShedder shedder = shedder(2, 0);
        heapHigh.set(true);
        assertThat(shedder.admit("text", TRUNKS)).isEqualTo(ShedReason.HEAP);
        heapHigh.set(false);
        active.set(100);
        assertThat(shedder.admit("text", TRUNKS)).isEqualTo(ShedReason.ACTIVE_CALLS);
        active.set(99);
        queued.set(51);
        assertThat(shedder.admit("text", TRUNKS)).isEqualTo(ShedReason.BACKLOG);
        queued.set(50);
        receiveLag.set(251);
        assertThat(shedder.admit("text", TRUNKS)).isEqualTo(ShedReason.RECEIVE_LAG);
        receiveLag.set(250);
        assertThat(shedder.admit("text", TRUNKS)).isNull();
        assertThat(shedder.admit("text", TRUNKS)).isNull();
        assertThat(shedder.admit("text", TRUNKS)).isEqualTo(ShedReason.RATE);
        assertThat(shedder.admitted()).isEqualTo(2);
        assertThat(shedder.shed(ShedReason.HEAP) + shedder.shed(ShedReason.ACTIVE_CALLS)
                + shedder.shed(ShedReason.BACKLOG) + shedder.shed(ShedReason.RECEIVE_LAG)
                + shedder.shed(ShedReason.RATE)).isEqualTo(5);
    }

    @Test
    void aChangedSetOfTrunksSplitsTheRateAgain() {
        LoadShedder shedder = shedder(20, 100);
        assertThat(admitted(shedder, "text", 100)).isEqualTo(6);
        assertThat(admitted(shedder, "text", 100, Set.of("text", "video"))).isEqualTo(10);
    }

    private static long admitted(LoadShedder shedder, String trunk, int tries, Set<String> trunks) {
        return IntStream.range(0, tries).filter(i -> shedder.admit(trunk, trunks) == null).count();
    }

    @Test
    void theReportNamesWhatWasShedSinceTheLastOne() {
        LoadShedder shedder = shedder(1, 0);
        ShedReport report = new ShedReport(shedder);
        assertThat(report.sinceLast(10)).isNull();
        admitted(shedder, "text", 4);
        assertThat(report.sinceLast(10)).startsWith("overload: 3 new calls shed with 503 in the last 10 s (3 rate), 1 admitted;");
        assertThat(report.sinceLast(10)).isNull();
    }
}
