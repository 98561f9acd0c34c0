package se.relaybridge.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.CallReplicas;
import se.relaybridge.call.SharedCalls;
import se.relaybridge.call.TrunkSlots;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.runtime.DaemonThreads;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node as a member of Payara's data grid (docs/cluster.md): its calls' replicas, and its name under the
 * member's id, so that when a member leaves the survivors know whose calls to take up. Of the survivors the oldest
 * member takes them up — one node, so that no call is taken up twice; a request in one of those calls that reaches
 * another node first is taken up there, and the oldest then finds it gone from the dead node's replicas.
 */
public final class DataGridNode implements MembershipListener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DataGridNode.class.getName());
    static final String NODES = "relaybridge-nodes";

    private final HazelcastInstance grid;
    private final String name;
    private final DataGridCallReplicas replicas;
    private final DataGridTrunkSlots trunkSlots;
    private final DataGridSharedCalls sharedCalls;
    private final DataGridTargetHealth targetHealth;
    private final GridWriter writer = new GridWriter();
    private final ReplicatedMap<UUID, String> nodes;
    // taking calls up restores dialogs and may wait on the grid: never on the grid's event thread
    private final ExecutorService takeOvers = Executors.newSingleThreadExecutor(
            DaemonThreads.named("relaybridge-take-over"));
    private volatile B2bua b2bua;
    private UUID registration;
    private UUID lifecycle;
    private volatile UUID memberId;

    private DataGridNode(HazelcastInstance grid, String name) {
        this.grid = grid;
        this.name = name;
        this.replicas = new DataGridCallReplicas(grid, writer);
        this.trunkSlots = new DataGridTrunkSlots(grid, name, writer);
        this.sharedCalls = new DataGridSharedCalls(grid, name, writer);
        this.targetHealth = new DataGridTargetHealth(grid, writer);
        this.nodes = grid.getReplicatedMap(NODES);
    }

    /** Where Payara binds its data grid's Hazelcast instance. */
    static final String GRID_JNDI_NAME = "payara/Hazelcast";

    /** Whether Payara's data grid runs with members other than this one. */
    static boolean othersInPayaraGrid() {
        try {
            return InitialContext.doLookup(GRID_JNDI_NAME) instanceof HazelcastInstance grid
                    && grid.getLifecycleService().isRunning() && grid.getCluster().getMembers().size() > 1;
        } catch (NamingException e) {
            return false;
        }
    }

    /** Joins Payara's data grid as the node {@code name}; a problem naming cluster.json when the grid is not running. */
    static DataGridNode joinPayaraGrid(String name) {
        Object found;
        try {
            found = InitialContext.doLookup(GRID_JNDI_NAME);
        } catch (NamingException e) {
            found = null;
        }
        if (found instanceof HazelcastInstance grid && grid.getLifecycleService().isRunning()) {
            return join(grid, name);
        }
        throw new ConfigProblem(ClusterSettings.FILE, "node", "asks for a cluster, but Payara's data grid is not"
                + " running: start the node with --clustermode tcpip:<members> (docs/cluster.md), or remove "
                + ClusterSettings.FILE + " for a node on its own");
    }

    /** Joins {@code grid} as the node {@code name}; the calls of a member that leaves are taken up once it runs. */
    public static DataGridNode join(HazelcastInstance grid, String name) {
        DataGridNode node = new DataGridNode(grid, name);
        node.registerName();
        node.registration = grid.getCluster().addMembershipListener(node);
        node.lifecycle = grid.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                node.merged();
            }
        });
        node.replicas.othersRunning(grid.getCluster().getMembers().size() > 1);
        LOG.info(() -> "relaybridge node " + name + " in the data grid with " + grid.getCluster().getMembers().size()
                + " member(s)");
        return node;
    }

    /** This node's name under its member's id, which a merge changes. */
    private void registerName() {
        UUID now = grid.getCluster().getLocalMember().getUuid();
        UUID before = memberId;
        memberId = now;
        if (before != null && !before.equals(now)) {
            nodes.remove(before);
        }
        nodes.put(now, name);
    }

    /**
     * Two nodes that started at the same moment may each have formed a grid of their own, merged when they found
     * each other: what this node wrote before may be gone (the smaller side's data is not kept), and its member
     * has a new id. It names itself again and writes its calls again, so that its loss is noticed and its calls
     * survive it.
     */
    private void merged() {
        takeOvers.execute(() -> {
            try {
                registerName();
                B2bua engine = b2bua;
                int written = engine == null ? 0 : engine.replicateCallsAgain();
                LOG.warning(() -> "data grid: merged with other members; node " + name + " named again and "
                        + written + " call(s) written again");
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "data grid: after a merge node " + name + " could not write its calls again",
                        e);
            }
        });
    }

    public CallReplicas replicas() {
        return replicas;
    }

    public TrunkSlots trunkSlots() {
        return trunkSlots;
    }

    public SharedCalls sharedCalls() {
        return sharedCalls;
    }

    public se.relaybridge.routing.TargetHealth targetHealth() {
        return targetHealth;
    }

    public String name() {
        return name;
    }

    /** The engine that takes up a dead node's calls; before it runs, a node that leaves is only noted. */
    public void runs(B2bua engine) {
        this.b2bua = engine;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        replicas.othersRunning(event.getMembers().size() > 1);
        LOG.info(() -> "data grid: a member joined, " + event.getMembers().size() + " now");
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        replicas.othersRunning(event.getMembers().size() > 1);
        UUID gone = event.getMember().getUuid();
        String deadNode = nodes.get(gone);
        LOG.warning(() -> "data grid: node " + (deadNode == null ? gone : deadNode) + " is gone, "
                + event.getMembers().size() + " member(s) left");
        if (deadNode == null || !oldestSurvivor(event)) {
            return;
        }
        takeOvers.execute(() -> takeOver(deadNode, gone));
    }

    private boolean oldestSurvivor(MembershipEvent event) {
        Iterator<Member> members = event.getMembers().iterator();
        return members.hasNext() && members.next().localMember();
    }

    private void takeOver(String deadNode, UUID member) {
        B2bua engine = b2bua;
        if (engine == null) {
            LOG.warning(() -> "node " + deadNode + "'s calls not taken up: this node's engine is not running");
            return;
        }
        try {
            // its calls as it shared them are gone; those taken up now are shared again, by this node
            sharedCalls.forget(deadNode);
            int taken = engine.takeOverFrom(deadNode);
            // its calls hold their trunk places here now
            trunkSlots.forget(deadNode);
            nodes.remove(member);
            LOG.warning(() -> taken + " call(s) of node " + deadNode + " taken up by node " + name);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "node " + deadNode + "'s calls could not all be taken up", e);
        }
    }

    /** Leaves the grid's events; the grid itself is Payara's (or a test's) to stop. */
    @Override
    public void close() {
        try {
            grid.getCluster().removeMembershipListener(registration);
            grid.getLifecycleService().removeLifecycleListener(lifecycle);
            nodes.remove(grid.getCluster().getLocalMember().getUuid());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "the data grid stopped first", e);
        }
        takeOvers.shutdownNow();
        writer.close();
    }
}
