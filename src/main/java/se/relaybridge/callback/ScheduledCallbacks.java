package se.relaybridge.callback;

import java.util.List;
import java.util.Optional;

/**
 * Where scheduled callbacks are kept. Every method may wait for a database: callers are the admin API's request
 * threads and the scheduler's own thread, never a SIP or call thread.
 */
public interface ScheduledCallbacks {

    void insert(ScheduledCallback callback);

    /** Stores the state and due time of {@code callback}, and adds those of its attempts not stored yet. */
    void update(ScheduledCallback callback);

    /**
     * Marks a pending callback {@code calling} by {@code node} if it still is pending and due at {@code now}, in one
     * step: true for the one node of a cluster that is to dial it, false when another node took it first — or made
     * an attempt since and moved it on to a later time (docs/cluster.md).
     */
    boolean claim(String id, String node, java.time.Instant now);

    /** The ids of the callbacks {@code node} claimed and is dialling, as the store last heard. */
    List<String> dialledBy(String node);

    Optional<ScheduledCallback> find(String id);

    /** Pending and calling first (by due time), then the others, newest due first; at most {@code limit}. */
    List<ScheduledCallback> list(int limit);

    /** Every pending or calling callback: what the scheduler takes up when it starts. */
    List<ScheduledCallback> unfinished();
}
