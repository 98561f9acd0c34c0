package se.relaybridge.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Name, size and last-modified time of every profile file of a folder: cheap to take every few seconds, and
 * different whenever a file is added, removed or rewritten. Polling this rather than using a WatchService works
 * the same on the embedded configuration (inside the application archive, where there is no WatchService) and on
 * network or container filesystems whose change events are unreliable.
 */
record FolderStamp(State state, Map<String, FileStamp> files) {

    enum State { PRESENT, MISSING, UNREADABLE }

    record FileStamp(long size, FileTime lastModified) {
    }

    static FolderStamp of(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new FolderStamp(State.MISSING, Map.of());
        }
        Map<String, FileStamp> files = new TreeMap<>();
        try (Stream<Path> listing = Files.list(dir)) {
            for (Path file : listing.filter(ProfileLoader::isProfileFile).toList()) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    files.put(file.getFileName().toString(),
                            new FileStamp(attributes.size(), attributes.lastModifiedTime()));
                } catch (IOException goneMeanwhile) {
                    // removed between listing and reading: the next look sees it gone
                }
            }
        } catch (IOException e) {
            // reload() reports why; while it stays unreadable the stamp stays the same, so no reload per poll
            return new FolderStamp(State.UNREADABLE, Map.of());
        }
        return new FolderStamp(State.PRESENT, Map.copyOf(files));
    }
}
