package se.relaybridge.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import se.relaybridge.routing.TargetHealth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link TargetHealth} shared by the nodes of a cluster (docs/cluster.md, "What the nodes share"): what any node
 * learnt of a queue target — from its pings or its calls — is in one replicated map, as text
 * ({@code UP|<epoch ms>|<cause>}), so that a target one node saw fail is skipped by the others' next calls too.
 * Reads are local; writes are queued ({@link GridWriter}). The newer of two statuses wins, whichever node wrote it.
 */
final class DataGridTargetHealth implements TargetHealth {

    static final String HEALTH = "relaybridge-target-health";

    private static final Logger LOG = Logger.getLogger(DataGridTargetHealth.class.getName());

    private final ReplicatedMap<String, String> shared;
    private final GridWriter writer;
    // what this node wrote, which the grid may not have yet
    private final Map<String, Status> written = new java.util.concurrent.ConcurrentHashMap<>();

    DataGridTargetHealth(HazelcastInstance grid, GridWriter writer) {
        this.shared = grid.getReplicatedMap(HEALTH);
        this.writer = writer;
    }

    @Override
    public synchronized Status put(String target, Status status) {
        Status before = get(target);
        if (status.at().isBefore(before.at())) {
            return before; // another node learnt something newer meanwhile
        }
        String text = status.state() + "|" + status.at().toEpochMilli() + "|" + status.cause();
        writer.submit("the health of a queue target", () -> shared.put(target, text));
        written.put(target, status);
        return before;
    }

    @Override
    public Status get(String target) {
        Status mine = written.getOrDefault(target, Status.UNKNOWN);
        Status theirs = read(target);
        return theirs.at().isAfter(mine.at()) ? theirs : mine;
    }

    @Override
    public Map<String, Status> snapshot() {
        Map<String, Status> all = new HashMap<>(written);
        try {
            shared.keySet().forEach(target -> all.put(target, get(target)));
        } catch (RuntimeException gridGone) {
            LOG.log(Level.FINE, "the shared target health is not readable", gridGone);
        }
        return Map.copyOf(all);
    }

    private Status read(String target) {
        try {
            String text = shared.get(target);
            if (text == null) {
                return Status.UNKNOWN;
            }
            String[] parts = text.split("\\|", 3);
            return new Status(State.valueOf(parts[0]), Instant.ofEpochMilli(Long.parseLong(parts[1])), parts[2]);
        } catch (RuntimeException unreadable) {
            // the grid stopping, or a value this version cannot read: this node's own knowledge stands
            LOG.log(Level.FINE, "a shared target health could not be read", unreadable);
            return Status.UNKNOWN;
        }
    }
}
