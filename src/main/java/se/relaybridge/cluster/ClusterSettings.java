package se.relaybridge.cluster;

import jakarta.json.JsonObject;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.JsonFields;
import se.relaybridge.config.ProblemList;
import se.relaybridge.relay.Cidr;
import se.relaybridge.sip.FrontProxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code sip-config/cluster.json}: this node's part in a cluster (docs/cluster.md). Without the file relaybridge is
 * a node on its own and nothing of a cluster starts: no data grid, no replicas, no front. With it the node keeps its
 * confirmed calls in Payara's data grid under its {@code node} name, takes up the calls of a node that is gone, and
 * believes the front's word on who sent a request.
 */
public record ClusterSettings(String node, FrontProxy front) {

    public static final String FILE = "cluster.json";
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

    /** The cluster settings of {@code location}; empty for a node on its own (no cluster.json). */
    public static Optional<ClusterSettings> load(ConfigLocation location) {
        Path file = location.sipConfig(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String name = location.displayName(file);
        return Optional.of(parse(JsonConfigReader.readObject(file, name), name));
    }

    static ClusterSettings parse(JsonObject json, String file) {
        ProblemList problems = new ProblemList(file);
        JsonFields fields = JsonFields.root(json, problems).allowOnly(List.of("node", "front"));
        String node = fields.string("node");
        FrontProxy front = fields.object("front", f -> front(f.allowOnly(List.of("addresses", "route")), problems));
        if (problems.isEmpty()) {
            if (node == null) {
                problems.add("node", "is missing: the name this node's calls are kept under (e.g. \"a\")");
            } else if (!NODE_NAME.matcher(node).matches()) {
                problems.add("node", "'" + node + "' is not a node name (letters, digits, '.', '_', '-'; 1-32)");
            }
        }
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.list().get(0);
            problems.list().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return new ClusterSettings(node, front == null ? FrontProxy.NONE : front);
    }

    private static FrontProxy front(JsonFields fields, ProblemList problems) {
        List<String> texts = fields.strings("addresses");
        String route = fields.string("route");
        if (texts == null || texts.isEmpty()) {
            problems.add("front.addresses", "is missing: the addresses the front sends from (e.g. [\"127.0.0.1\"])");
            return null;
        }
        List<Cidr> blocks = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            Optional<Cidr> block = Cidr.parse(texts.get(i));
            if (block.isEmpty()) {
                problems.add("front.addresses[" + i + "]", "'" + texts.get(i) + "' is no IP address or address block");
            } else {
                blocks.add(block.get());
            }
        }
        if (route != null && !route.matches("sips?:[^\\s<>]+;lr(;.*)?")) {
            problems.add("front.route", "'" + route + "' is no loose-routing SIP URI (e.g. \"sip:127.0.0.1:5060;lr\")");
        }
        return new FrontProxy(blocks, route);
    }
}
