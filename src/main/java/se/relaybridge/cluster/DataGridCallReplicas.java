package se.relaybridge.cluster;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import se.relaybridge.call.CallReplica;
import se.relaybridge.call.CallReplicas;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link CallReplicas} in Payara's data grid (docs/cluster.md). Replicated maps: every member holds every replica,
 * so the look-up a SIP thread makes when a request arrives in a dialog this node does not know is a local read,
 * and what a dead member wrote is still on the survivors. Two maps: the replicas by relaybridge's call id, and each
 * leg's SIP Call-ID to that id.
 */
final class DataGridCallReplicas implements CallReplicas {

    static final String CALLS = "relaybridge-calls";
    static final String SIP_CALL_IDS = "relaybridge-sip-call-ids";

    private static final Logger LOG = Logger.getLogger(DataGridCallReplicas.class.getName());

    private final ReplicatedMap<String, String> calls;
    private final ReplicatedMap<String, String> callIds;

    private volatile boolean othersRunning;

    private final GridWriter writer;

    DataGridCallReplicas(HazelcastInstance grid, GridWriter writer) {
        this.calls = grid.getReplicatedMap(CALLS);
        this.callIds = grid.getReplicatedMap(SIP_CALL_IDS);
        this.writer = writer;
    }

    /** Queued (never waits for the grid): written in order with every other write of this node's. */
    @Override
    public void put(CallReplica call) {
        String json = ReplicaJson.write(call);
        writer.submit("the replica of " + call.callId(), () -> {
            // the Call-IDs first: a replica is never found by its id alone, half-written
            callIds.put(call.relay().sipCallId(), call.callId());
            callIds.put(call.queue().sipCallId(), call.callId());
            calls.put(call.callId(), json);
        });
    }

    @Override
    public boolean awaitWritten(java.time.Duration limit) {
        return writer.awaitWritten(limit);
    }

    @Override
    public Optional<CallReplica> bySipCallId(String sipCallId) {
        try {
            String callId = callIds.get(sipCallId);
            String json = callId == null ? null : calls.get(callId);
            // taken up even while its node is still a member: the front sent the request here because that node
            // did not answer in time, and it lets the call go when it sees the replica written by this node
            // (docs/cluster.md, "Who carries a call")
            return json == null ? Optional.empty() : Optional.of(ReplicaJson.read(json));
        } catch (RuntimeException gridGone) {
            // on a SIP thread, in a node whose grid is stopping: the request is answered as for any unknown dialog
            LOG.log(Level.FINE, "call replicas not readable", gridGone);
            return Optional.empty();
        }
    }

    @Override
    public void remove(String callId) {
        writer.submit("the end of " + callId, () -> {
            String json = calls.remove(callId);
            if (json != null) {
                CallReplica gone = ReplicaJson.read(json);
                callIds.remove(gone.relay().sipCallId());
                callIds.remove(gone.queue().sipCallId());
            }
        });
    }

    @Override
    public void onWritten(java.util.function.Predicate<String> carried, Consumer<CallReplica> written) {
        calls.addEntryListener(new EntryAdapter<>() {
            @Override
            public void entryAdded(EntryEvent<String, String> event) {
                tell(event);
            }

            @Override
            public void entryUpdated(EntryEvent<String, String> event) {
                tell(event);
            }

            // only a call this node carries is read: every node hears every node's writes
            private void tell(EntryEvent<String, String> event) {
                if (!carried.test(event.getKey())) {
                    return;
                }
                try {
                    written.accept(ReplicaJson.read(event.getValue()));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a replica written by another node could not be read", e);
                }
            }
        });
    }

    @Override
    public List<CallReplica> ofNode(String node) {
        return calls.values().stream().map(ReplicaJson::read).filter(call -> node.equals(call.node())).toList();
    }

    /**
     * As the grid's membership last said: a stop signal stops the grid at the same time as the calls are handed over
     * (the JVM runs its shutdown hooks at once), and the nodes that stay take the calls up when this one has left.
     */
    @Override
    public boolean othersTakeOver() {
        return othersRunning;
    }

    /** Told by the membership: whether other members run. */
    void othersRunning(boolean running) {
        this.othersRunning = running;
    }

    /** How many calls the grid keeps now. */
    int size() {
        return calls.size();
    }
}
