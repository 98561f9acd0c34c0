package se.relaybridge.routing;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;

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

    public static final String FILE = "queues.json";

    /**
     * @param directory the queues, or null when the file has any problem
     * @param problems  every problem of the file, each reading {@code file: field: what is wrong}
     */
    public record Result(QueueDirectory directory, List<ConfigProblem> problems) {

        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Reads the file; throws its first problem (the others attached as suppressed) when it has any. */
    public static QueueDirectory load(ConfigLocation location) {
        Result result = read(location);
        if (!result.ok()) {
            ConfigProblem first = result.problems().get(0);
            result.problems().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return result.directory();
    }

    public static Result read(ConfigLocation location) {
        Path file = location.sipConfig(FILE);
        return read(file, location.displayName(file));
    }

    /** Every problem of the file, not only the first: an operator fixes them in one go. */
    public static Result read(Path file, String name) {
        try {
            return parse(JsonConfigReader.readText(file, name), name);
        } catch (ConfigProblem unreadable) {
            return new Result(null, List.of(unreadable));
        }
    }

    /** As {@link #read(Path, String)}, for the text of the file {@code name}. */
    public static Result parse(String text, String name) {
        ProblemList problems = new ProblemList(name);
        QueuesFile raw;
        try {
            raw = QueuesJson.bind(JsonFields.root(JsonConfigReader.parseObject(text, name), problems));
        } catch (ConfigProblem unreadable) {
            return new Result(null, List.of(unreadable));
        }
        QueueDirectory directory = validate(name, raw, problems);
        return new Result(problems.isEmpty() ? directory : null, problems.list());
    }

    private static QueueDirectory validate(String name, QueuesFile raw, ProblemList problems) {
        FailoverPolicy failover = failoverPolicy(raw, problems);
        if (raw.queues() == null || raw.queues().isEmpty()) {
            if (raw.queues() != null || problems.list().stream().noneMatch(p -> p.field().equals("queues"))) {
                problems.add("queues", "needs at least one queue");
            }
            return null;
        }
        Map<String, QueueSpec> byId = new LinkedHashMap<>();
        for (int i = 0; i < raw.queues().size(); i++) {
            QueueSpec queue = raw.queues().get(i);
            String field = "queues[" + i + "]";
            if (queue == null) {
                continue; // not an object: already reported
            }
            if (queue.id() == null || queue.id().isBlank()) {
                problems.add(field + ".id", "is missing");
            } else if (byId.containsKey(queue.id())) {
                problems.add(field + ".id", "'" + queue.id() + "' is listed twice");
            }
            if (queue.targets() == null || queue.targets().isEmpty()) {
                if (problems.list().stream().noneMatch(p -> p.field().startsWith(field + ".targets"))) {
                    problems.add(field + ".targets", "needs at least one SIP URI");
                }
            } else {
                for (int t = 0; t < queue.targets().size(); t++) {
                    checkSipUri(field + ".targets[" + t + "]", queue.targets().get(t), problems);
                }
            }
            checkPresentation(field, queue, problems);
            if (queue.id() != null && !queue.id().isBlank() && !byId.containsKey(queue.id())) {
                byId.put(queue.id(), new QueueSpec(queue.id(), queue.name(),
                        queue.targets() == null ? List.of() : List.copyOf(queue.targets()),
                        queue.metadataBody(), queue.emergencyCallData(), queue.displayName(),
                        queue.displayNameTemplates() == null ? null : Map.copyOf(queue.displayNameTemplates()),
                        queue.userToUser(), queue.alertInfo(), queue.emergency()));
            }
        }
        String fallback = raw.defaultQueue() != null ? raw.defaultQueue()
                : raw.queues().get(0) == null ? null : raw.queues().get(0).id();
        if (fallback != null && !byId.containsKey(fallback) && raw.defaultQueue() != null) {
            problems.add("defaultQueue", "'" + fallback + "' is not one of the queues " + byId.keySet());
        }
        return problems.isEmpty() ? new QueueDirectory(Map.copyOf(byId), fallback, failover) : null;
    }

    private static FailoverPolicy failoverPolicy(QueuesFile raw, ProblemList problems) {
        FailoverPolicy d = FailoverPolicy.DEFAULT;
        PingSpec ping = raw.ping() == null ? new PingSpec(null, null) : raw.ping();
        return new FailoverPolicy(
                seconds("setupTimeoutSeconds", raw.setupTimeoutSeconds(), d.setupTimeout(), 1, problems),
                seconds("retryAfterSeconds", raw.retryAfterSeconds(), d.retryAfter(), 1, problems),
                seconds("ping.intervalSeconds", ping.intervalSeconds(), d.pingInterval(), 0, problems),
                seconds("ping.timeoutSeconds", ping.timeoutSeconds(), d.pingTimeout(), 1, problems));
    }

    private static Duration seconds(String field, Integer value, Duration fallback, int min, ProblemList problems) {
        if (value == null) {
            return fallback;
        }
        if (value < min || value > 3600) {
            problems.add(field, value + " is outside " + min + "-3600 seconds");
            return fallback;
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

    private static void checkPresentation(String field, QueueSpec queue, ProblemList problems) {
        if (queue.displayNameTemplates() != null) {
            for (Map.Entry<String, String> e : queue.displayNameTemplates().entrySet()) {
                if (!QueueSpec.SWEDISH_DISPLAY_NAMES.containsKey(e.getKey())) {
                    problems.add(field + ".displayNameTemplates." + e.getKey(), "is not a relay service (text, video, speech)");
                } else if (e.getValue() == null || e.getValue().isBlank() || e.getValue().matches(".*[\\x00-\\x1f\"\\\\].*")) {
                    problems.add(field + ".displayNameTemplates." + e.getKey(),
                            "must be plain text (no quotes, backslashes or control characters), e.g. \"Texttelefon via tolk {number}\"");
                }
            }
        }
        if (queue.alertInfo() != null && !queue.alertInfo().matches("<[^<>\\s]+>")) {
            problems.add(field + ".alertInfo", "'" + queue.alertInfo() + "' is not <uri>, e.g. <urn:alert:service:normal>");
        }
    }

    private static void checkSipUri(String field, String text, ProblemList problems) {
        if (text == null || text.isBlank()) {
            problems.add(field, "is missing");
            return;
        }
        try {
            AddressFactory addresses = SipFactory.getInstance().createAddressFactory();
            URI uri = addresses.createURI(text);
            if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
                problems.add(field, "'" + text + "' is not a sip: URI with a host");
            }
        } catch (ParseException | PeerUnavailableException e) {
            problems.add(field, "'" + text + "' is not a SIP URI such as sip:1177@192.0.2.20:5060");
        }
    }
}
