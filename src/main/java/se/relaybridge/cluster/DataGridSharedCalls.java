package se.relaybridge.cluster;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallState;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.call.SharedCalls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link SharedCalls} in Payara's data grid (docs/cluster.md, "One view of the cluster"): each node writes its calls'
 * snapshots as JSON text into one replicated map, by call id — at each change the board can show, and once more
 * when the call ends, then removes it. Reads are local; a follower hears the other nodes' writes as the map's
 * events.
 */
final class DataGridSharedCalls implements SharedCalls {

    static final String CALLS = "relaybridge-board";

    private static final Logger LOG = Logger.getLogger(DataGridSharedCalls.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    /** One call as a node wrote it. */
    public record Shared(String node, CallSnapshot call) {
    }

    private final ReplicatedMap<String, String> calls;
    private final String node;
    // the state last written per call: a change the board cannot show is not written again
    private final Map<String, CallState> written = new ConcurrentHashMap<>();

    private final GridWriter writer;

    DataGridSharedCalls(HazelcastInstance grid, String node, GridWriter writer) {
        this.calls = grid.getReplicatedMap(CALLS);
        this.node = node;
        this.writer = writer;
    }

    @Override
    public void changed(CallSnapshot call) {
        if (written.put(call.callId(), call.state()) != call.state()) {
            write(call);
        }
    }

    @Override
    public void finished(CallSnapshot call) {
        written.remove(call.callId());
        // the end itself, for the others' lists of recent calls; then it is gone from the calls in progress
        write(call);
        writer.submit("the end of " + call.callId() + " on the board", () -> calls.remove(call.callId()));
    }

    /** The call is carried by another node now, which writes it from here on. */
    @Override
    public void movedTo(CallSnapshot call, String otherNode) {
        written.remove(call.callId());
    }

    @Override
    public void follow(CallWatcher others) {
        calls.addEntryListener(new EntryAdapter<>() {
            @Override
            public void entryAdded(EntryEvent<String, String> event) {
                tell(others, event.getValue());
            }

            @Override
            public void entryUpdated(EntryEvent<String, String> event) {
                tell(others, event.getValue());
            }

            // after its end was written (told above), or forgotten with its dead node — unless a node that took
            // it up has written it again since
            @Override
            public void entryRemoved(EntryEvent<String, String> event) {
                if (event.getOldValue() != null && !calls.containsKey(event.getKey())) {
                    Shared gone = read(event.getOldValue());
                    if (!node.equals(gone.node())) {
                        others.movedTo(gone.call(), null);
                    }
                }
            }
        });
        calls.values().forEach(json -> tell(others, json));
    }

    /** The calls {@code deadNode} wrote and no node carries any more: the calls it had taken up write again. */
    void forget(String deadNode) {
        calls.entrySet().stream().filter(entry -> deadNode.equals(read(entry.getValue()).node()))
                .map(Map.Entry::getKey).toList().forEach(calls::remove);
    }

    private void tell(CallWatcher others, String json) {
        try {
            Shared shared = read(json);
            if (node.equals(shared.node())) {
                return;
            }
            if (shared.call().endedAt() != null) {
                others.finished(shared.call());
            } else {
                others.changed(shared.call());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a call another node shared could not be read", e);
        }
    }

    private void write(CallSnapshot call) {
        String json = JSONB.toJson(new Shared(node, call));
        // the call goes on whatever becomes of it; only the other nodes' view of it is at stake
        writer.submit(call.callId() + " on the board", () -> calls.put(call.callId(), json));
    }

    private static Shared read(String json) {
        return JSONB.fromJson(json, Shared.class);
    }
}
