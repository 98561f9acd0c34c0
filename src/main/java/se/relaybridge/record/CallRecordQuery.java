package se.relaybridge.record;

import java.time.Instant;

/**
 * A search over call records. Every filter may be {@code null} (= any): {@code from} (inclusive) and {@code to}
 * (exclusive) bound the offer time, {@code outcome} matches as a prefix ({@code refused} finds every refusal,
 * {@code completed:relay-hangup} exactly that), {@code state} is {@code in-progress}, {@code ended} or
 * {@code interrupted}. Results come newest first, {@code size} (1–200) at a time from the 0-based {@code page}.
 */
public record CallRecordQuery(Instant from, Instant to, String profile, String region, String outcome, String state,
                              int page, int size) {

    public static final int MAX_SIZE = 200;

    public CallRecordQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page: must be 0 or more, not " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size: must be 1-" + MAX_SIZE + ", not " + size);
        }
        if (state != null) {
            RecordState.of(state);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("to: must not be before from");
        }
    }

    /** Everything, newest first. */
    public static CallRecordQuery all(int page, int size) {
        return new CallRecordQuery(null, null, null, null, null, null, page, size);
    }
}
