package se.relaybridge.call;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps every confirmed call in {@link CallReplicas} for the other nodes, from the moment the relay's ACK confirms it
 * until it ends (docs/architecture.md, "A call without its node"). Runs on the call's executor, from the registry's
 * state-change hook.
 */
final class CallReplication {

    private static final Logger LOG = Logger.getLogger(CallReplication.class.getName());

    private final CallReplicas replicas;
    private final String node;

    private CallReplication(CallReplicas replicas, String node) {
        this.replicas = replicas;
        this.node = node;
    }

    /**
     * Plugs into {@code registry} for {@code node}; a node on its own ({@link CallReplicas#NONE}) is left as it is
     * (null then).
     */
    static CallReplication attach(CallRegistry registry, CallReplicas replicas, String node) {
        if (replicas == CallReplicas.NONE) {
            return null;
        }
        CallReplication replication = new CallReplication(replicas, node);
        registry.onChange(replication::changed);
        registry.onFinished(call -> replicas.remove(call.id()));
        return replication;
    }

    /** Writes every call of {@code registry} again, each on its executor; returns how many calls there are. */
    int writeAgain(CallRegistry registry) {
        java.util.Collection<Call> calls = registry.active();
        calls.forEach(call -> call.executor().execute(() -> changed(call)));
        return calls.size();
    }

    private void changed(Call call) {
        if (call.state() != CallState.CONFIRMED || call.thirdParty() != null) {
            return;
        }
        try {
            replicas.put(CallReplica.of(call, node));
            call.replicated(true);
        } catch (RuntimeException e) {
            // the call goes on here; only its survival of this node's loss is at stake
            LOG.log(Level.WARNING, call.id() + " could not be replicated", e);
        }
    }
}
