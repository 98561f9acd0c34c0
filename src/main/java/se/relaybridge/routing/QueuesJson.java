package se.relaybridge.routing;

import se.relaybridge.config.JsonFields;

import java.util.List;

/**
 * Binds {@code queues.json} field by field: a misspelt field is refused rather than ignored (a typo in
 * {@code "setupTimeoutSecond"} must not leave the default in force unnoticed), and a value of the wrong type is named
 * by its path.
 */
final class QueuesJson {

    private static final List<String> FILE_FIELDS =
            List.of("defaultQueue", "setupTimeoutSeconds", "retryAfterSeconds", "ping", "queues");
    private static final List<String> PING_FIELDS = List.of("intervalSeconds", "timeoutSeconds");
    private static final List<String> QUEUE_FIELDS = List.of("id", "name", "targets", "metadataBody", "emergencyCallData",
            "displayName", "displayNameTemplates", "userToUser", "alertInfo", "emergency");

    private QueuesJson() {
    }

    static QueuesFile bind(JsonFields file) {
        file.allowOnly(FILE_FIELDS);
        return new QueuesFile(file.string("defaultQueue"), file.integer("setupTimeoutSeconds"),
                file.integer("retryAfterSeconds"), file.object("ping", QueuesJson::ping),
                file.objects("queues", QueuesJson::queue));
    }

    private static PingSpec ping(JsonFields ping) {
        ping.allowOnly(PING_FIELDS);
        return new PingSpec(ping.integer("intervalSeconds"), ping.integer("timeoutSeconds"));
    }

    private static QueueSpec queue(JsonFields queue) {
        queue.allowOnly(QUEUE_FIELDS);
        return new QueueSpec(queue.string("id"), queue.string("name"), queue.strings("targets"),
                queue.bool("metadataBody"), queue.bool("emergencyCallData"), queue.bool("displayName"),
                queue.stringMap("displayNameTemplates"), queue.bool("userToUser"), queue.string("alertInfo"),
                queue.bool("emergency"));
    }
}
