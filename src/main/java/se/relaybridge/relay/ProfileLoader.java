package se.relaybridge.relay;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every {@code relay-profiles/*.json}. A file with a problem is refused on its own and reported; the other
 * files still load, and a trunk claimed by two profiles is refused in the later file — or, on a reload, in the
 * file that changed, so an edit can never push out a profile that is in force.
 */
public final class ProfileLoader {

    private ProfileLoader() {
    }

    public static ProfileSet load(ConfigLocation location) {
        if (!Files.isDirectory(location.relayProfiles())) {
            return ProfileSet.empty();
        }
        try {
            return merge(ProfileSet.empty(), readAll(location));
        } catch (ConfigProblem folder) {
            return new ProfileSet(Map.of(), List.of(), List.of(folder));
        }
    }

    /** Every {@code *.json} of the folder, in name order; throws ConfigProblem when the folder cannot be listed. */
    static List<ProfileFile> readAll(ConfigLocation location) {
        Path dir = location.relayProfiles();
        if (!Files.isDirectory(dir)) {
            throw new ConfigProblem(location.displayName(dir), "(folder)", "is missing");
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(ProfileLoader::isProfileFile).sorted()
                    .map(p -> ProfileFile.read(location, p)).toList();
        } catch (IOException e) {
            throw new ConfigProblem(location.displayName(dir), "(folder)", "cannot be read: " + e.getMessage(), e);
        }
    }

    static boolean isProfileFile(Path path) {
        return path.getFileName().toString().endsWith(".json");
    }

    /**
     * The profiles in force after reading {@code files}, starting from {@code previous}. A profile stays as it was
     * unless its file now holds a valid, different profile that fits beside the others; a profile whose file is
     * gone is dropped. A file is its id plus {@code .json} (checked by {@link ProfileValidator}), so the profile
     * a file held before is found by its id.
     */
    static ProfileSet merge(ProfileSet previous, List<ProfileFile> files) {
        Set<String> onDisk = files.stream().map(ProfileFile::fileName).collect(Collectors.toSet());
        Map<String, RelayProfile> inForce = new TreeMap<>();
        previous.byId().values().stream().filter(p -> onDisk.contains(fileOf(p)))
                .forEach(p -> inForce.put(fileOf(p), p));
        List<ConfigProblem> problems = new ArrayList<>();
        List<ProfileFile> pending = new ArrayList<>();
        for (ProfileFile file : files) {
            if (!file.valid()) {
                problems.addAll(file.problems());
            } else if (!file.profile().equals(inForce.get(file.fileName()))) {
                pending.add(file);
            }
        }
        // all changes at once first: two files that swap a block between them fit only together
        Map<String, RelayProfile> allChanged = new TreeMap<>(inForce);
        pending.forEach(file -> allChanged.put(file.fileName(), file.profile()));
        if (pending.stream().allMatch(file -> clash(file, allChanged).isEmpty())) {
            return assemble(allChanged.values(), problems);
        }
        // else one by one, again and again until nothing more fits, so that a change never pushes out a profile
        // in force (the profile in force wins, or on the first load the earlier file)
        boolean progress = true;
        while (progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                ProfileFile file = it.next();
                if (clash(file, inForce).isEmpty()) {
                    inForce.put(file.fileName(), file.profile());
                    it.remove();
                    progress = true;
                }
            }
        }
        pending.forEach(file -> problems.add(clash(file, inForce).orElseThrow()));
        return assemble(inForce.values(), problems);
    }

    /** Why {@code file}'s profile cannot be in force beside the profiles of the other files, if it cannot. */
    static Optional<ConfigProblem> clash(ProfileFile file, Map<String, RelayProfile> inForce) {
        RelayProfile candidate = file.profile();
        Map<String, RelayProfile> others = new TreeMap<>(inForce);
        others.remove(file.fileName());
        if (others.values().stream().anyMatch(p -> p.id().equals(candidate.id()))) {
            // cannot happen while every file must be named after its id; kept as the last line of defence
            return Optional.of(new ConfigProblem(file.displayName(), "id",
                    "'" + candidate.id() + "' is already used by another profile"));
        }
        List<Cidr> cidrs = ProfileValidator.cidrs(candidate);
        for (int i = 0; i < cidrs.size(); i++) {
            for (RelayProfile other : others.values()) {
                for (Cidr existing : ProfileValidator.cidrs(other)) {
                    if (existing.overlaps(cidrs.get(i))) {
                        return Optional.of(new ConfigProblem(file.displayName(), "trunk.sources[" + i + "]",
                                "'" + cidrs.get(i) + "' overlaps " + existing + " of profile '" + other.id() + "'"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static ProfileSet assemble(Iterable<RelayProfile> profiles, List<ConfigProblem> problems) {
        Map<String, RelayProfile> byId = new LinkedHashMap<>();
        List<ProfileSet.TrunkSource> sources = new ArrayList<>();
        for (RelayProfile profile : profiles) {
            byId.put(profile.id(), profile);
            ProfileValidator.cidrs(profile).forEach(c -> sources.add(new ProfileSet.TrunkSource(c, profile)));
        }
        return new ProfileSet(Map.copyOf(byId), List.copyOf(sources), List.copyOf(problems));
    }

    static String fileOf(RelayProfile profile) {
        return fileOf(profile.id());
    }

    static String fileOf(String id) {
        return id + ".json";
    }
}
