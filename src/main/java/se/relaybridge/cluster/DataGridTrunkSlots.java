package se.relaybridge.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import se.relaybridge.call.TrunkSlots;

import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link TrunkSlots} for the whole cluster (docs/cluster.md): per trunk, the calls each node has up, in one entry
 * of the data grid changed under the entry's lock, so that two nodes admitting at once never both take the last
 * place. Each node counts its own calls; the calls of a node that is gone are forgotten when a survivor has taken
 * them up and holds their places itself. The entry is text ({@code a=3;b=5}): no member needs relaybridge's
 * classes.
 */
final class DataGridTrunkSlots implements TrunkSlots {

    static final String SLOTS = "relaybridge-trunk-slots";

    private static final Logger LOG = Logger.getLogger(DataGridTrunkSlots.class.getName());

    private final IMap<String, String> slots;
    private final String node;

    DataGridTrunkSlots(HazelcastInstance grid, String node) {
        this.slots = grid.getMap(SLOTS);
        this.node = node;
    }

    /**
     * Without the grid (it stops with this node, or cannot be reached) the call is let through uncounted: relay
     * access is not to be prevented for want of a counter (EN 301 549 §13.2), and the front's other nodes count on.
     */
    @Override
    public boolean take(String trunk, Integer max) {
        try {
            slots.lock(trunk);
        } catch (RuntimeException gridGone) {
            LOG.warning(() -> "a call of " + trunk + " admitted uncounted: the data grid is not reachable (" + gridGone
                    + ")");
            return true;
        }
        try {
            Map<String, Integer> byNode = parse(slots.get(trunk));
            if (max != null && sum(byNode) >= max) {
                return false;
            }
            byNode.merge(node, 1, Integer::sum);
            slots.set(trunk, format(byNode));
            return true;
        } finally {
            unlock(trunk);
        }
    }

    @Override
    public void hold(String trunk) {
        add(trunk, node, 1);
    }

    @Override
    public void release(String trunk) {
        add(trunk, node, -1);
    }

    private void unlock(String trunk) {
        try {
            slots.unlock(trunk);
        } catch (RuntimeException gridGone) {
            // a lock of a member that leaves is released by the grid
            LOG.log(Level.FINE, "trunk slots not unlocked", gridGone);
        }
    }

    @Override
    public int taken(String trunk) {
        return sum(parse(slots.get(trunk)));
    }

    /** The places {@code deadNode} held are free: its calls are taken up, and hold places of their new node. */
    void forget(String deadNode) {
        for (String trunk : slots.keySet()) {
            slots.lock(trunk);
            try {
                Map<String, Integer> byNode = parse(slots.get(trunk));
                if (byNode.remove(deadNode) != null) {
                    slots.set(trunk, format(byNode));
                }
            } finally {
                slots.unlock(trunk);
            }
        }
    }

    private void add(String trunk, String who, int delta) {
        try {
            slots.lock(trunk);
        } catch (RuntimeException gridGone) {
            // this node's places go with it: the survivors forget them when it has left
            LOG.log(Level.FINE, "trunk slots not changed", gridGone);
            return;
        }
        try {
            Map<String, Integer> byNode = parse(slots.get(trunk));
            byNode.merge(who, delta, (a, b) -> Math.max(0, a + b));
            slots.set(trunk, format(byNode));
        } finally {
            unlock(trunk);
        }
    }

    static Map<String, Integer> parse(String text) {
        Map<String, Integer> byNode = new TreeMap<>();
        if (text != null && !text.isEmpty()) {
            for (String part : text.split(";")) {
                int equals = part.indexOf('=');
                byNode.put(part.substring(0, equals), Integer.parseInt(part.substring(equals + 1)));
            }
        }
        return byNode;
    }

    static String format(Map<String, Integer> byNode) {
        StringBuilder text = new StringBuilder();
        byNode.forEach((who, calls) -> text.append(text.isEmpty() ? "" : ";").append(who).append('=').append(calls));
        return text.toString();
    }

    private static int sum(Map<String, Integer> byNode) {
        return byNode.values().stream().mapToInt(Integer::intValue).sum();
    }
}
