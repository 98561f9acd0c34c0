package se.relaybridge.routing;

import java.util.List;

/** The shape of {@code sip-config/queues.json}. */
public record QueuesFile(String defaultQueue, Integer setupTimeoutSeconds, Integer retryAfterSeconds,
                         PingSpec ping, List<QueueSpec> queues) {
}
