package se.relaybridge.call;

/**
 * The calls of every node of a cluster, for the board, {@code /api/calls} and the metrics of any node
 * (docs/cluster.md, "One view of the cluster"). Registered as a watcher of this node's calls, it shares each change;
 * {@link #follow} tells a watcher of the other nodes' calls through the same two methods. A node on its own shares
 * nothing ({@link #NONE}).
 */
public interface SharedCalls extends CallWatcher {

    SharedCalls NONE = new SharedCalls() {
        @Override
        public void changed(CallSnapshot call) {
        }

        @Override
        public void finished(CallSnapshot call) {
        }

        @Override
        public void follow(CallWatcher others) {
        }
    };

    /**
     * Tells {@code others} of every call the other nodes carry now, as changes, and from now on of each change and
     * end; on a thread of the store's, so the watcher must hand off as for its own calls.
     */
    void follow(CallWatcher others);
}
