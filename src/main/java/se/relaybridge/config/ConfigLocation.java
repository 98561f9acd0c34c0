package se.relaybridge.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where {@code sip-config/} and {@code relay-profiles/} are read from. An operator's own folder wins
 * ({@code -Drelaybridge.config.dir} or {@code RELAYBRIDGE_CONFIG_DIR}); then the working directory when it
 * holds {@code sip-config/sip.json}; otherwise the copy embedded in the application, so the bundle runs with
 * nothing beside it.
 */
public record ConfigLocation(Path root, String description) {

    public static final String DIR_PROPERTY = "relaybridge.config.dir";
    public static final String DIR_ENV = "RELAYBRIDGE_CONFIG_DIR";
    static final String EMBEDDED = "relaybridge-defaults";

    public static ConfigLocation resolve() {
        String explicit = System.getProperty(DIR_PROPERTY, System.getenv(DIR_ENV));
        if (explicit != null && !explicit.isBlank()) {
            Path dir = Path.of(explicit).toAbsolutePath();
            if (!Files.isRegularFile(dir.resolve("sip-config/sip.json"))) {
                throw new ConfigProblem(dir.resolve("sip-config/sip.json").toString(), DIR_PROPERTY,
                        "the configured folder has no sip-config/sip.json");
            }
            return new ConfigLocation(dir, dir.toString());
        }
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isRegularFile(cwd.resolve("sip-config/sip.json"))) {
            return new ConfigLocation(cwd, cwd.toString());
        }
        return embedded();
    }

    public static ConfigLocation of(Path root) {
        return new ConfigLocation(root, root.toString());
    }

    public static ConfigLocation embedded() {
        URL marker = ConfigLocation.class.getClassLoader().getResource(EMBEDDED + "/sip-config/sip.json");
        if (marker == null) {
            throw new ConfigProblem(EMBEDDED + "/sip-config/sip.json", "classpath", "the embedded defaults are missing");
        }
        try {
            URI uri = marker.toURI();
            Path sipJson = "jar".equals(uri.getScheme()) ? jarPath(uri) : Path.of(uri);
            return new ConfigLocation(sipJson.getParent().getParent(), "embedded defaults");
        } catch (URISyntaxException e) {
            throw new ConfigProblem(marker.toString(), "classpath", "cannot be read", e);
        }
    }

    private static Path jarPath(URI uri) {
        try {
            return FileSystems.newFileSystem(uri, Map.of()).provider().getPath(uri);
        } catch (FileSystemAlreadyExistsException e) {
            return FileSystems.getFileSystem(uri).provider().getPath(uri);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path sipConfig(String file) {
        return root.resolve("sip-config").resolve(file);
    }

    public Path relayProfiles() {
        return root.resolve("relay-profiles");
    }

    /** The name an operator recognises: relative to the config root. */
    public String displayName(Path file) {
        return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
    }
}
