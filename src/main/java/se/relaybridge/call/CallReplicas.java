package se.relaybridge.call;

import java.util.Optional;

/**
 * Where confirmed calls are kept for the other nodes (issue 14): a node that receives a request in a dialog it does
 * not know looks for it here and takes the call up. Must never block: {@link #bySipCallId} runs on a SIP stack
 * thread. A node on its own keeps nothing ({@link #NONE}): its calls end with it in any case.
 */
public interface CallReplicas {

    CallReplicas NONE = new CallReplicas() {
        @Override
        public void put(CallReplica call) {
        }

        @Override
        public Optional<CallReplica> bySipCallId(String sipCallId) {
            return Optional.empty();
        }

        @Override
        public void remove(String callId) {
        }

        @Override
        public java.util.List<CallReplica> ofNode(String node) {
            return java.util.List.of();
        }

        @Override
        public boolean othersTakeOver() {
            return false;
        }
    };

    /** Keeps the call as it is now, replacing what was kept of it. */
    void put(CallReplica call);

    /** The call one of whose legs has this SIP Call-ID. */
    Optional<CallReplica> bySipCallId(String sipCallId);

    /** The call of relaybridge's {@code callId} has ended: no node takes it up any more. */
    void remove(String callId);

    /**
     * Waits until what this node wrote so far is in the store, at most {@code limit} (a store that writes in the
     * background; a stop hands calls over only once their replicas are written). False when it was not.
     */
    default boolean awaitWritten(java.time.Duration limit) {
        return true;
    }

    /** Whether another node runs now that takes up this node's calls when it leaves (a stop hands them over). */
    boolean othersTakeOver();

    /**
     * Tells {@code written} of every replica any node writes from now on whose call id {@code carried} accepts (the
     * id is looked at before the replica is read), on a thread of the store's (never a SIP thread): a node that took
     * a call up writes it as its own, and the node that had it lets it go ({@link CallOwnership}). A node on its own
     * hears nothing.
     */
    default void onWritten(java.util.function.Predicate<String> carried,
                           java.util.function.Consumer<CallReplica> written) {
    }

    /** Every call {@code node} keeps: the calls to take up when that node is gone. May block (not a SIP thread). */
    java.util.List<CallReplica> ofNode(String node);
}
