package se.relaybridge.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import se.relaybridge.call.B2buaStarted;
import se.relaybridge.call.EngineContributor;
import se.relaybridge.call.EngineParts;
import se.relaybridge.config.ConfigLocation;

import java.util.Optional;

/**
 * This node's part in a cluster, given to the call engine before SIP listens (docs/cluster.md): with
 * {@code cluster.json} its name, its front and its calls' replicas in Payara's data grid; without the file
 * nothing — not even a look for the grid, so a node on its own has no data-grid class loaded.
 */
@ApplicationScoped
public class ClusterNode implements EngineContributor {

    private volatile DataGridNode node;

    @Override
    public void contribute(EngineParts parts) {
        Optional<ClusterSettings> settings = ClusterSettings.load(ConfigLocation.resolve());
        if (settings.isEmpty()) {
            return;
        }
        DataGridNode joined = DataGridNode.joinPayaraGrid(settings.get().node());
        node = joined;
        parts.node(joined.name()).front(settings.get().front()).callReplicas(joined.replicas())
                .trunkSlots(joined.trunkSlots()).sharedCalls(joined.sharedCalls())
                .targetHealth(joined.targetHealth());
    }

    /** Whether this node is one of a cluster whose other nodes run now (Payara's data grid has other members). */
    public boolean othersRunning() {
        return ClusterSettings.load(ConfigLocation.resolve()).isPresent() && DataGridNode.othersInPayaraGrid();
    }

    void onStart(@Observes B2buaStarted started) {
        DataGridNode joined = node;
        if (joined != null) {
            joined.runs(started.b2bua());
        }
    }

    @PreDestroy
    void leave() {
        DataGridNode joined = node;
        if (joined != null) {
            joined.close();
        }
    }
}
