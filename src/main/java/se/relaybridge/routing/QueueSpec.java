package se.relaybridge.routing;

import java.util.List;

/** One nurse queue in {@code queues.json}: its SIP targets, tried in order. */
public record QueueSpec(String id, String name, List<String> targets) {
}
