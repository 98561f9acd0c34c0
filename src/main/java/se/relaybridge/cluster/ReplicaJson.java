package se.relaybridge.cluster;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import se.relaybridge.call.CallReplica;

/**
 * A {@link CallReplica} as JSON text: the data grid keeps strings only, so no member needs relaybridge's classes to
 * hold or move a replica, and no class loader of an application redeployed since has to read it back.
 */
final class ReplicaJson {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private ReplicaJson() {
    }

    static String write(CallReplica replica) {
        return JSONB.toJson(replica);
    }

    static CallReplica read(String json) {
        return JSONB.fromJson(json, CallReplica.class);
    }
}
