package se.relaybridge.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus buckets: each counts every observation at or below its bound. */
class LatencyHistogramTest {

    @Test
    void eachBucketCountsWhatIsAtOrBelowItsBound() {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.record(300_000);      // 0.3 ms
        histogram.record(1_000_000);    // exactly 1 ms: in le=0.001
        histogram.record(1_500_000);    // 1.5 ms
        histogram.record(7_000_000_000L); // 7 s: only in +Inf
        histogram.record(-5);           // a clock read out of order counts as 0
        assertThat(histogram.cumulative(0)).as("le=0.0005").isEqualTo(2);
        assertThat(histogram.cumulative(1)).as("le=0.001").isEqualTo(3);
        assertThat(histogram.cumulative(2)).as("le=0.002").isEqualTo(4);
        assertThat(histogram.cumulative(LatencyHistogram.BOUNDS.length - 1)).as("le=5").isEqualTo(4);
        assertThat(histogram.count()).isEqualTo(5);
        assertThat(histogram.sumSeconds()).isCloseTo(7.0028, org.assertj.core.data.Offset.offset(1e-6));
    }
}
