package se.relaybridge.routing;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The nurse queues relaybridge can deliver calls to, read and checked from {@code queues.json}. */
public record QueueDirectory(Map<String, QueueSpec> queues, String defaultQueue, FailoverPolicy failover) {

    public static QueueDirectory load(ConfigLocation location) {
        Path file = location.sipConfig("queues.json");
        String name = location.displayName(file);
        QueuesFile raw = JsonConfigReader.read(file, name, QueuesFile.class);
        if (raw.queues() == null || raw.queues().isEmpty()) {
            throw new ConfigProblem(name, "queues", "needs at least one queue");
        }
        Map<String, QueueSpec> byId = new LinkedHashMap<>();
        for (int i = 0; i < raw.queues().size(); i++) {
            QueueSpec queue = raw.queues().get(i);
            String field = "queues[" + i + "]";
            if (queue == null || queue.id() == null || queue.id().isBlank()) {
                throw new ConfigProblem(name, field + ".id", "is missing");
            }
            if (byId.containsKey(queue.id())) {
                throw new ConfigProblem(name, field + ".id", "'" + queue.id() + "' is listed twice");
            }
            if (queue.targets() == null || queue.targets().isEmpty()) {
                throw new ConfigProblem(name, field + ".targets", "needs at least one SIP URI");
            }
            for (int t = 0; t < queue.targets().size(); t++) {
                checkSipUri(name, field + ".targets[" + t + "]", queue.targets().get(t));
            }
            checkPresentation(name, field, queue);
            byId.put(queue.id(), new QueueSpec(queue.id(), queue.name(), List.copyOf(queue.targets()),
                    queue.metadataBody(), queue.emergencyCallData(), queue.displayName(),
                    queue.displayNameTemplates() == null ? null : Map.copyOf(queue.displayNameTemplates()),
                    queue.userToUser(), queue.alertInfo(), queue.emergency()));
        }
        String fallback = raw.defaultQueue() == null ? raw.queues().get(0).id() : raw.defaultQueue();
        if (!byId.containsKey(fallback)) {
            throw new ConfigProblem(name, "defaultQueue", "'" + fallback + "' is not one of the queues " + byId.keySet());
        }
        return new QueueDirectory(Map.copyOf(byId), fallback, failoverPolicy(name, raw));
    }

    private static FailoverPolicy failoverPolicy(String file, QueuesFile raw) {
        FailoverPolicy d = FailoverPolicy.DEFAULT;
        PingSpec ping = raw.ping() == null ? new PingSpec(null, null) : raw.ping();
        return new FailoverPolicy(
                seconds(file, "setupTimeoutSeconds", raw.setupTimeoutSeconds(), d.setupTimeout(), 1),
                seconds(file, "retryAfterSeconds", raw.retryAfterSeconds(), d.retryAfter(), 1),
                seconds(file, "ping.intervalSeconds", ping.intervalSeconds(), d.pingInterval(), 0),
                seconds(file, "ping.timeoutSeconds", ping.timeoutSeconds(), d.pingTimeout(), 1));
    }

    private static Duration seconds(String file, String field, Integer value, Duration fallback, int min) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > 3600) {
            throw new ConfigProblem(file, field, value + " is outside " + min + "-3600 seconds");
        }
        return Duration.ofSeconds(value);
    }

    /** Every distinct target of every queue, for the pinger. */
    public List<String> allTargets() {
        return queues.values().stream().flatMap(q -> q.targets().stream()).distinct().toList();
    }

    public QueueSpec defaultQueueSpec() {
        return queues.get(defaultQueue);
    }

    public Optional<QueueSpec> get(String id) {
        return Optional.ofNullable(queues.get(id));
    }

    private static void checkPresentation(String file, String field, QueueSpec queue) {
        if (queue.displayNameTemplates() != null) {
            for (Map.Entry<String, String> e : queue.displayNameTemplates().entrySet()) {
                if (!QueueSpec.SWEDISH_DISPLAY_NAMES.containsKey(e.getKey())) {
                    throw new ConfigProblem(file, field + ".displayNameTemplates." + e.getKey(),
                            "is not a relay service (text, video, speech)");
                }
                if (e.getValue() == null || e.getValue().isBlank() || e.getValue().matches(".*[\\x00-\\x1f\"\\\\].*")) {
                    throw new ConfigProblem(file, field + ".displayNameTemplates." + e.getKey(),
                            "must be plain text (no quotes, backslashes or control characters), e.g. \"Texttelefon via tolk {number}\"");
                }
            }
        }
        if (queue.alertInfo() != null && !queue.alertInfo().matches("<[^<>\\s]+>")) {
            throw new ConfigProblem(file, field + ".alertInfo", "'" + queue.alertInfo() + "' is not <uri>, e.g. <urn:alert:service:normal>");
        }
    }

    private static void checkSipUri(String file, String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigProblem(file, field, "is missing");
        }
        try {
            AddressFactory addresses = SipFactory.getInstance().createAddressFactory();
            URI uri = addresses.createURI(text);
            if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
                throw new ConfigProblem(file, field, "'" + text + "' is not a sip: URI with a host");
            }
        } catch (ParseException | PeerUnavailableException e) {
            throw new ConfigProblem(file, field, "'" + text + "' is not a SIP URI such as sip:1177@192.0.2.20:5060");
        }
    }
}
