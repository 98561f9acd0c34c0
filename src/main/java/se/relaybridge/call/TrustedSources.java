package se.relaybridge.call;

import se.relaybridge.relay.Cidr;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.routing.QueueDirectory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The sources the flood guard never limits: every relay trunk's address blocks, every queue target given as an IP
 * address (a nurse PBX sends BYEs, re-INVITEs and callbacks in bulk), and {@code floodGuard.allow}. A trunk is held to
 * its own {@code maxCallsPerSecond} instead (docs/trust-and-floods.md). Built once per set of profiles and queues in
 * force, so the per-request check only compares identities.
 */
final class TrustedSources implements Predicate<InetAddress> {

    private final ProfileSet profiles;
    private final QueueDirectory queues;
    private final List<Cidr> blocks;

    private TrustedSources(ProfileSet profiles, QueueDirectory queues, List<Cidr> blocks) {
        this.profiles = profiles;
        this.queues = queues;
        this.blocks = blocks;
    }

    static TrustedSources of(ProfileSet profiles, QueueDirectory queues, List<Cidr> allow) {
        List<Cidr> blocks = new ArrayList<>(allow);
        profiles.sources().forEach(source -> blocks.add(source.cidr()));
        if (queues != null) {
            queues.allTargets().forEach(target -> hostOf(target).flatMap(Cidr::parse).ifPresent(blocks::add));
        }
        return new TrustedSources(profiles, queues, List.copyOf(blocks));
    }

    /** Whether this allow list still describes the profiles and queues in force. */
    boolean describes(ProfileSet profiles, QueueDirectory queues) {
        return this.profiles == profiles && this.queues == queues;
    }

    @Override
    public boolean test(InetAddress source) {
        for (Cidr block : blocks) {
            if (block.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** The host of a queue target URI ({@code sip:1177@127.0.0.1:5070;transport=tcp}); a host name is no block. */
    static Optional<String> hostOf(String uri) {
        String rest = uri.substring(uri.indexOf(':') + 1);
        rest = rest.substring(rest.indexOf('@') + 1);
        int params = rest.indexOf(';');
        if (params >= 0) {
            rest = rest.substring(0, params);
        }
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            return end < 0 ? Optional.empty() : Optional.of(rest.substring(1, end));
        }
        int port = rest.indexOf(':');
        return Optional.of(port >= 0 ? rest.substring(0, port) : rest);
    }
}
