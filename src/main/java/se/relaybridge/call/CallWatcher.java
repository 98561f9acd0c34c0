package se.relaybridge.call;

/**
 * Hears every call's life: the board, the call records and the metrics. Both methods run on the call's own
 * executor, so they must hand off and return at once — never block, never throw.
 */
public interface CallWatcher {

    /** A call was admitted or routed, failed over to another target, rang, or was answered. */
    void changed(CallSnapshot call);

    /** A call left relaybridge: ended, refused or failed ({@code endedAt} and {@code outcome} set). */
    void finished(CallSnapshot call);

    /**
     * A call another node of the cluster carries from now on (it took the call up from its replica,
     * docs/cluster.md): it has not ended, and that node tells of its end.
     */
    default void movedTo(CallSnapshot call, String node) {
    }
}
