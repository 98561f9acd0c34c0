package se.relaybridge.relay;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Relay profiles changed through the admin API. A profile is checked exactly as its file would be — every field,
 * then whether its trunk fits beside the profiles in force — before anything is written; only a profile that would
 * be taken is written, atomically, so the file watch never sees half a file or a refused one.
 */
public final class ProfileEditor {

    private final ConfigLocation location;

    /** What a check found: the profile when it would be taken, else every problem. */
    public record Check(RelayProfile profile, List<ConfigProblem> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public ProfileEditor(ConfigLocation location) {
        this.location = location;
    }

    /** Checks {@code json} as {@code relay-profiles/<id>.json} against the profiles in force; writes nothing. */
    public Check check(String id, String json, ProfileSet inForce) {
        String fileName = ProfileLoader.fileOf(id);
        ProfileFile file = ProfileFile.parse(fileName, displayName(id), json);
        if (!file.valid()) {
            return new Check(null, file.problems());
        }
        Map<String, RelayProfile> others = new TreeMap<>();
        inForce.byId().values().forEach(p -> others.put(ProfileLoader.fileOf(p), p));
        Optional<ConfigProblem> clash = ProfileLoader.clash(file, others);
        return clash.map(problem -> new Check(null, List.of(problem))).orElseGet(() -> new Check(file.profile(), List.of()));
    }

    /** The text of a profile's file now, if it has one. */
    public Optional<String> read(String id) {
        Path path = path(id);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.readString(path, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new ConfigProblem(displayName(id), "(file)", "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Writes a checked profile's file; the caller reloads. */
    public void write(String id, String json) {
        Path path = path(id);
        requireWritable(id);
        try {
            Path temp = Files.createTempFile(path.getParent(), "." + id, ".json.tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new ConfigProblem(displayName(id), "(file)", "cannot be written: " + e.getMessage(), e);
        }
    }

    /** Deletes a profile's file; false when there was none. The caller reloads. */
    public boolean delete(String id) {
        requireWritable(id);
        try {
            return Files.deleteIfExists(path(id));
        } catch (IOException e) {
            throw new ConfigProblem(displayName(id), "(file)", "cannot be deleted: " + e.getMessage(), e);
        }
    }

    /** False for the embedded defaults (inside the application archive) or a read-only folder. */
    public boolean writable() {
        Path folder = location.relayProfiles();
        return "file".equals(folder.getFileSystem().provider().getScheme()) && Files.isWritable(folder);
    }

    private void requireWritable(String id) {
        if (!writable()) {
            throw new ConfigProblem(displayName(id), "(folder)", "relay-profiles/ of " + location.description()
                    + " cannot be changed; run with -Drelaybridge.config.dir pointing at a folder of your own");
        }
    }

    /** Whether {@code id} can name a profile at all; anything else (a path, "..") never reaches the file system. */
    public static boolean isId(String id) {
        return id != null && ProfileSyntax.matches(ProfileSyntax.ID, id);
    }

    private Path path(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a profile id");
        }
        return location.relayProfiles().resolve(ProfileLoader.fileOf(id));
    }

    private String displayName(String id) {
        return location.displayName(path(id));
    }
}
