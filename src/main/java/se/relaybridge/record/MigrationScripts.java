package se.relaybridge.record;

import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The schema migrations, named here rather than found by Flyway's class-path scan: inside Payara the
 * application's classes may come from a URL Flyway cannot list, and a scan could pick up another application's
 * {@code db/migration}. Each vendor gets the common scripts of {@code db/relaybridge/} plus its own folder.
 * {@code MigrationScriptsTest} checks that this list and the folders agree.
 */
final class MigrationScripts implements ResourceProvider {

    static final String ROOT = "db/relaybridge/";
    static final List<String> COMMON = List.of("V1__call_records_and_audit_log.sql", "V3__callback_grants.sql",
            "V4__scheduled_callbacks.sql", "V5__records_heartbeat.sql", "V6__no_session_index.sql",
            "V7__callback_dialled_by.sql");
    static final List<String> PER_VENDOR = List.of("V2__outcome_prefix_index.sql");

    private final List<Script> scripts = new ArrayList<>();

    MigrationScripts(DatabaseVendor vendor, ClassLoader loader) {
        COMMON.forEach(name -> scripts.add(new Script(ROOT + name, name, loader)));
        PER_VENDOR.forEach(name -> scripts.add(new Script(ROOT + vendor.migrationFolder() + "/" + name, name, loader)));
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(s -> s.getRelativePath().equals(name) || s.getAbsolutePath().equals(name))
                .findFirst().orElse(null);
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return scripts.stream()
                .filter(s -> s.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(suffix -> s.getFilename().endsWith(suffix)))
                .map(s -> (LoadableResource) s).toList();
    }

    private static final class Script extends LoadableResource {
        private final String path;
        private final String name;
        private final ClassLoader loader;

        Script(String path, String name, ClassLoader loader) {
            this.path = path;
            this.name = name;
            this.loader = loader;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(path);
            if (in == null) {
                throw new UncheckedIOException(new IOException("migration " + path + " is missing from the application"));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return path;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return path;
        }

        @Override
        public String getFilename() {
            return name;
        }

        @Override
        public String getRelativePath() {
            return name;
        }
    }
}
