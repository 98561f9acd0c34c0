package se.relaybridge.call;

/**
 * How many calls each relay trunk has up, against its {@code maxConcurrentCalls} (docs/cluster.md): counted in this
 * node for a node on its own ({@link LocalTrunkSlots}), across every node of a cluster in its data grid. May block
 * for the grid: called on a call's executor, never on a SIP stack thread.
 */
public interface TrunkSlots {

    /** Takes a place on {@code trunk} when fewer than {@code max} are taken ({@code null}: no limit, counted). */
    boolean take(String trunk, Integer max);

    /** Takes a place whatever the limit: a call taken up from a node that is gone already held one there. */
    void hold(String trunk);

    /** Gives a place back. */
    void release(String trunk);

    /** The places taken on {@code trunk} now. */
    int taken(String trunk);
}
