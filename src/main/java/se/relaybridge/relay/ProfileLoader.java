package se.relaybridge.relay;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every {@code relay-profiles/*.json}. A file with a problem is refused on its own and reported;
 * the other files still load, and a trunk claimed by two profiles is refused in the later file.
 */
public final class ProfileLoader {

    private ProfileLoader() {
    }

    public static ProfileSet load(ConfigLocation location) {
        Path dir = location.relayProfiles();
        List<Path> files;
        try (Stream<Path> listing = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            return new ProfileSet(Map.of(), List.of(),
                    List.of(new ConfigProblem(location.displayName(dir), "(folder)", "cannot be read: " + e.getMessage())));
        }
        Map<String, RelayProfile> byId = new LinkedHashMap<>();
        List<ProfileSet.TrunkSource> sources = new ArrayList<>();
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path file : files) {
            String name = location.displayName(file);
            try {
                RelayProfile profile = JsonConfigReader.read(file, name, RelayProfile.class);
                List<Cidr> cidrs = ProfileValidator.validate(name, profile);
                if (byId.containsKey(profile.id())) {
                    throw new ConfigProblem(name, "id", "'" + profile.id() + "' is already used by another profile");
                }
                for (int i = 0; i < cidrs.size(); i++) {
                    Cidr cidr = cidrs.get(i);
                    for (ProfileSet.TrunkSource existing : sources) {
                        if (existing.cidr().overlaps(cidr)) {
                            throw new ConfigProblem(name, "trunk.sources[" + i + "]", "'" + cidr
                                    + "' overlaps " + existing.cidr() + " of profile '" + existing.profile().id() + "'");
                        }
                    }
                }
                byId.put(profile.id(), profile);
                cidrs.forEach(c -> sources.add(new ProfileSet.TrunkSource(c, profile)));
            } catch (ConfigProblem problem) {
                problems.add(problem);
            }
        }
        return new ProfileSet(Map.copyOf(byId), List.copyOf(sources), List.copyOf(problems));
    }
}
