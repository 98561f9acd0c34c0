package se.relaybridge.relay;

import se.relaybridge.config.ConfigProblem;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consistent set of loaded relay profiles: the trunks to match calls against, and the problems of the
 * files that were refused.
 */
public record ProfileSet(Map<String, RelayProfile> byId, List<TrunkSource> sources, List<ConfigProblem> problems) {

    /** A source block and the profile that owns it. */
    public record TrunkSource(Cidr cidr, RelayProfile profile) {
    }

    public static ProfileSet empty() {
        return new ProfileSet(Map.of(), List.of(), List.of());
    }

    /** The relay trunk a request from {@code address} belongs to; the most specific block wins. */
    public Optional<RelayProfile> match(InetAddress address) {
        return sources.stream().filter(s -> s.cidr().contains(address))
                .max((a, b) -> Integer.compare(a.cidr().prefixLength(), b.cidr().prefixLength()))
                .map(TrunkSource::profile);
    }

    public Optional<RelayProfile> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
