package se.relaybridge.routing;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * {@code routing.json} once checked: which queue serves each län, the number prefixes that tell a person's län,
 * each relay profile's default län, the language queues and the zone their hours are in. Immutable; a reload
 * makes a new table (see {@link RoutingStore}).
 */
public record RoutingTable(String nationalQueue, Map<String, Region> regions, PrefixTable prefixes,
                           Map<String, String> profileDefaults, Map<String, LanguageQueue> languages, ZoneId timeZone) {

    public static final String FILE = "routing.json";

    public RoutingTable {
        regions = Map.copyOf(regions);
        profileDefaults = Map.copyOf(profileDefaults);
        languages = Map.copyOf(languages);
    }

    /** Every queue id the table sends calls to: the national queue, the regions' and the language queues. */
    public java.util.Set<String> queueIds() {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        ids.add(nationalQueue);
        regions.values().forEach(r -> ids.add(r.queue()));
        languages.values().forEach(l -> ids.add(l.queue()));
        return ids;
    }

    public Optional<Region> region(String lan) {
        return Optional.ofNullable(lan == null ? null : regions.get(lan));
    }

    public Optional<String> profileDefault(String profileId) {
        return Optional.ofNullable(profileId == null ? null : profileDefaults.get(profileId));
    }

    public Optional<LanguageQueue> languageQueue(String primaryTag) {
        return Optional.ofNullable(primaryTag == null ? null : languages.get(primaryTag));
    }
}
