package se.relaybridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/** Size and last-modified time of one file: cheap enough to take every few seconds, and works inside an archive too. */
public record FileStamp(long size, FileTime modified) {

    public static FileStamp of(Path file) {
        try {
            return new FileStamp(Files.size(file), Files.getLastModifiedTime(file));
        } catch (IOException e) {
            return new FileStamp(-1, null);
        }
    }
}
