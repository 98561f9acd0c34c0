package se.relaybridge.routing;

import java.util.List;

/**
 * One nurse queue in {@code queues.json}: its SIP targets, tried in order, and how relay metadata is
 * presented to its equipment: the JSON body part (on unless {@code metadataBody} is false, for equipment
 * that accepts only application/sdp) and the RFC 7852 blocks ({@code emergencyCallData}, off by default).
 */
public record QueueSpec(String id, String name, List<String> targets, Boolean metadataBody, Boolean emergencyCallData) {

    public boolean sendsMetadataBody() {
        return metadataBody == null || metadataBody;
    }

    public boolean sendsEmergencyCallData() {
        return emergencyCallData != null && emergencyCallData;
    }
}
