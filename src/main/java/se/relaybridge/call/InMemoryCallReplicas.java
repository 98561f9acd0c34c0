package se.relaybridge.call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link CallReplicas} in this JVM's memory, shared by the nodes that are given the same instance. */
public final class InMemoryCallReplicas implements CallReplicas {

    private final Map<String, CallReplica> byCallId = new ConcurrentHashMap<>();
    private final Map<String, String> callIdBySipCallId = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<CallReplica>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void put(CallReplica call) {
        byCallId.put(call.callId(), call);
        callIdBySipCallId.put(call.relay().sipCallId(), call.callId());
        callIdBySipCallId.put(call.queue().sipCallId(), call.callId());
        listeners.forEach(listener -> listener.accept(call));
    }

    @Override
    public void onWritten(java.util.function.Predicate<String> carried,
                          java.util.function.Consumer<CallReplica> written) {
        listeners.add(call -> {
            if (carried.test(call.callId())) {
                written.accept(call);
            }
        });
    }

    @Override
    public Optional<CallReplica> bySipCallId(String sipCallId) {
        String callId = callIdBySipCallId.get(sipCallId);
        return callId == null ? Optional.empty() : Optional.ofNullable(byCallId.get(callId));
    }

    @Override
    public void remove(String callId) {
        CallReplica gone = byCallId.remove(callId);
        if (gone != null) {
            callIdBySipCallId.remove(gone.relay().sipCallId(), callId);
            callIdBySipCallId.remove(gone.queue().sipCallId(), callId);
        }
    }

    @Override
    public java.util.List<CallReplica> ofNode(String node) {
        return byCallId.values().stream().filter(call -> node.equals(call.node())).toList();
    }

    /** Nodes in one JVM that share this instance: the tests say when one is gone. */
    @Override
    public boolean othersTakeOver() {
        return true;
    }

    /** How many calls are kept. */
    public int size() {
        return byCallId.size();
    }
}
