package se.relaybridge.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import se.relaybridge.call.TrunkSlots;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link TrunkSlots} for the whole cluster (docs/cluster.md, "Trunk limits"): each node counts its own calls per
 * trunk and publishes the count in a replicated map under {@code trunk@node}; a node admits a call when its own
 * count and the others' published ones are below the limit. Every read is local and every write is queued
 * ({@link GridWriter}), so a call's admission never waits on the grid — not even while partitions move to a node that joins, which stalled
 * every admission when the counts were one locked entry per trunk. The price: two nodes admitting in the same
 * millisecond (before either's count reached the other) may both take the last place. The counts of a node that is
 * gone are forgotten when a survivor has taken its calls up and holds their places itself.
 */
final class DataGridTrunkSlots implements TrunkSlots {

    static final String SLOTS = "relaybridge-trunk-slots";

    private static final Logger LOG = Logger.getLogger(DataGridTrunkSlots.class.getName());

    private final ReplicatedMap<String, Integer> published;
    private final String node;
    // this node's own counts: the authority for its places, published after every change
    private final Map<String, int[]> own = new ConcurrentHashMap<>();

    private final GridWriter writer;

    DataGridTrunkSlots(HazelcastInstance grid, String node, GridWriter writer) {
        this.published = grid.getReplicatedMap(SLOTS);
        this.node = node;
        this.writer = writer;
    }

    @Override
    public boolean take(String trunk, Integer max) {
        int[] count = own.computeIfAbsent(trunk, t -> new int[1]);
        synchronized (count) {
            if (max != null && count[0] + othersOn(trunk) >= max) {
                return false;
            }
            count[0]++;
            publish(trunk, count[0]);
            return true;
        }
    }

    @Override
    public void hold(String trunk) {
        add(trunk, 1);
    }

    @Override
    public void release(String trunk) {
        add(trunk, -1);
    }

    @Override
    public int taken(String trunk) {
        int[] count = own.get(trunk);
        int mine;
        if (count == null) {
            mine = 0;
        } else {
            synchronized (count) {
                mine = count[0];
            }
        }
        return mine + othersOn(trunk);
    }

    /** The places {@code deadNode} held are free: its calls are taken up, and hold places of their new node. */
    void forget(String deadNode) {
        published.keySet().stream().filter(key -> key.endsWith("@" + deadNode)).forEach(published::remove);
    }

    private void add(String trunk, int delta) {
        int[] count = own.computeIfAbsent(trunk, t -> new int[1]);
        synchronized (count) {
            count[0] = Math.max(0, count[0] + delta);
            publish(trunk, count[0]);
        }
    }

    private int othersOn(String trunk) {
        String prefix = trunk + "@";
        String mine = prefix + node;
        int sum = 0;
        try {
            for (Map.Entry<String, Integer> entry : published.entrySet()) {
                if (entry.getKey().startsWith(prefix) && !entry.getKey().equals(mine)) {
                    sum += entry.getValue();
                }
            }
        } catch (RuntimeException gridGone) {
            // relay access is not to be refused for want of a counter (EN 301 549 §13.2): this node's own count holds
            LOG.log(Level.FINE, "the other nodes' trunk counts are not readable", gridGone);
        }
        return sum;
    }

    private void publish(String trunk, int count) {
        // in order after the earlier counts; this node's places go with it, the survivors forget them
        writer.submit("the count of " + trunk, () -> published.put(trunk + "@" + node, count));
    }
}
