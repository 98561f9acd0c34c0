package se.relaybridge.overload;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One log line per interval in which calls were shed, never one per call: a node shedding thousands a second must
 * not also flood its log. Called from one timer thread.
 */
public final class ShedReport {

    private final LoadShedder shedder;
    private final Map<ShedReason, Long> last = new EnumMap<>(ShedReason.class);
    private long lastAdmitted;

    public ShedReport(LoadShedder shedder) {
        this.shedder = shedder;
        for (ShedReason reason : ShedReason.values()) {
            last.put(reason, shedder.shed(reason));
        }
        lastAdmitted = shedder.admitted();
    }

    /** The line for the interval since the last call, or null when nothing was shed in it. */
    public String sinceLast(long intervalSeconds) {
        StringJoiner reasons = new StringJoiner(", ");
        long total = 0;
        for (ShedReason reason : ShedReason.values()) {
            long now = shedder.shed(reason);
            long delta = now - last.put(reason, now);
            if (delta > 0) {
                reasons.add(delta + " " + reason.label());
                total += delta;
            }
        }
        long admitted = shedder.admitted();
        long admittedDelta = admitted - lastAdmitted;
        lastAdmitted = admitted;
        if (total == 0) {
            return null;
        }
        return "overload: " + total + " new calls shed with 503 in the last " + intervalSeconds + " s (" + reasons
                + "), " + admittedDelta + " admitted; " + shedder.queuedEvents() + " events queued, heap after GC "
                + shedder.heapPercentAfterCollection() + " %";
    }
}
