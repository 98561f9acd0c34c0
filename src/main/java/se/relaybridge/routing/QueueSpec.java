package se.relaybridge.routing;

import java.util.List;
import java.util.Map;

/**
 * One nurse queue in {@code queues.json}: its SIP targets, tried in order, and how relay metadata is
 * presented to its equipment: the JSON body part (on unless {@code metadataBody} is false, for equipment
 * that accepts only application/sdp), the RFC 7852 blocks ({@code emergencyCallData}, off by default), the
 * From display name rewritten so even a plain phone shows the relay ({@code displayName}, on by default,
 * Swedish texts unless {@code displayNameTemplates} says otherwise), {@code User-to-User} (RFC 7433) for
 * desktops that read only UUI, and an {@code Alert-Info} (RFC 7462) for a ring of its own.
 */
public record QueueSpec(String id, String name, List<String> targets, Boolean metadataBody, Boolean emergencyCallData,
                        Boolean displayName, Map<String, String> displayNameTemplates, Boolean userToUser,
                        String alertInfo) {

    /** What a nurse's phone shows for each relay service, followed by the person's number. */
    public static final Map<String, String> SWEDISH_DISPLAY_NAMES = Map.of(
            "text", "Texttelefon via tolk {number}",
            "video", "Bildtelefon via tolk {number}",
            "speech", "Teletal via tolk {number}");

    public boolean rewritesDisplayName() {
        return displayName == null || displayName;
    }

    /** The display name for a relay service with the person's number filled in (or left out when unknown). */
    public String displayNameFor(String service, String number) {
        String template = displayNameTemplates != null && displayNameTemplates.containsKey(service)
                ? displayNameTemplates.get(service) : SWEDISH_DISPLAY_NAMES.getOrDefault(service, "{number}");
        return template.replace("{number}", number == null ? "" : number).trim();
    }

    public boolean sendsUserToUser() {
        return userToUser != null && userToUser;
    }

    public boolean sendsMetadataBody() {
        return metadataBody == null || metadataBody;
    }

    public boolean sendsEmergencyCallData() {
        return emergencyCallData != null && emergencyCallData;
    }
}
