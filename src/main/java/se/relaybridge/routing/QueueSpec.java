package se.relaybridge.routing;

import java.util.List;
import java.util.Map;

/**
 * One nurse queue in {@code queues.json}: its SIP targets, tried in order, and how relay metadata is
 * presented to its equipment: the JSON body part (on unless {@code metadataBody} is false, for equipment
 * that accepts only application/sdp), the RFC 7852 blocks ({@code emergencyCallData}, off by default), the
 * From display name rewritten so even a plain phone shows the relay ({@code displayName}, on by default,
 * Swedish texts unless {@code displayNameTemplates} says otherwise), {@code User-to-User} (RFC 7433) for
 * desktops that read only UUI, and an {@code Alert-Info} (RFC 7462) for a ring of its own. A queue marked
 * {@code emergency} (112) gets, whatever else it says, the RFC 7852 blocks with the person's number, the relay's
 * location (RFC 6442) and {@code Priority: emergency}.
 */
public record QueueSpec(String id, String name, List<String> targets, Boolean metadataBody, Boolean emergencyCallData,
                        Boolean displayName, Map<String, String> displayNameTemplates, Boolean userToUser,
                        String alertInfo, Boolean emergency) {

    /** What a nurse's phone shows for each relay service, followed by the person's number. */
    public static final Map<String, String> SWEDISH_DISPLAY_NAMES = Map.of(
            "text", "Texttelefon via tolk {number}",
            "video", "Bildtelefon via tolk {number}",
            "speech", "Teletal via tolk {number}");

    /**
     * A relay's callback trunk as a queue: it gets the SDP and the X-Relay-* headers saying which relay call it is,
     * no presentation meant for a nurse's desk.
     */
    public static QueueSpec callbackTrunk(String id, String name, String target) {
        return new QueueSpec(id, name, List.of(target), false, false, false, null, false, null, false);
    }

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
        return isEmergency() || metadataBody == null || metadataBody;
    }

    public boolean sendsEmergencyCallData() {
        return isEmergency() || (emergencyCallData != null && emergencyCallData);
    }

    /** An emergency target (112): the call taker must know at once who calls, from where, through which relay. */
    public boolean isEmergency() {
        return emergency != null && emergency;
    }
}
