package se.relaybridge.call;

import java.util.logging.Logger;

/**
 * Which node carries a call (docs/cluster.md, "Who carries a call"). A node that takes a call up writes its replica
 * as its own, one generation on; a node that still holds the call — it was only slow, and the front sent a request
 * of the call elsewhere — sees that write and lets the call go, so that never two nodes send in one dialog. A write
 * of an older generation (the slow node wrote before it saw the newer one) is answered by writing the call again;
 * of two nodes that took the call up at once, the greater name keeps it.
 */
final class CallOwnership {

    private static final Logger LOG = Logger.getLogger(CallOwnership.class.getName());

    private final CallRegistry registry;
    private final CallReplicas replicas;
    private final String node;

    private CallOwnership(CallRegistry registry, CallReplicas replicas, String node) {
        this.registry = registry;
        this.replicas = replicas;
        this.node = node;
    }

    /** Listens to {@code replicas} for {@code node}'s calls. */
    static void attach(CallRegistry registry, CallReplicas replicas, String node) {
        if (replicas != CallReplicas.NONE) {
            replicas.onWritten(callId -> registry.call(callId).isPresent(),
                    new CallOwnership(registry, replicas, node)::written);
        }
    }

    /** On the store's thread: the call's own executor decides. */
    private void written(CallReplica replica) {
        if (node.equals(replica.node())) {
            return;
        }
        registry.call(replica.callId()).ifPresent(call -> call.executor().execute(() -> settle(call, replica)));
    }

    private void settle(Call call, CallReplica replica) {
        if (registry.call(call.id()).isEmpty()) {
            return;
        }
        if (newer(replica, call)) {
            LOG.warning(() -> call.id() + " taken up by node " + replica.node() + ": this node lets it go");
            registry.yieldTo(call, replica.node());
        } else if (call.state() == CallState.CONFIRMED) {
            // node (replica.node()) wrote a generation this node has gone past: this node's stands
            replicas.put(CallReplica.of(call, node));
        }
    }

    /** A later generation wins; of two nodes that took the call up from the same one, the greater name. */
    private boolean newer(CallReplica replica, Call call) {
        return replica.generation() > call.generation()
                || replica.generation() == call.generation() && replica.node().compareTo(node) > 0;
    }
}
