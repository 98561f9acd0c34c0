package se.relaybridge.record;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrations are listed by name in {@link MigrationScripts}; a script added to a folder must be listed too. */
class MigrationScriptsTest {

    private static final Path FOLDER = Path.of("src/main/resources/" + MigrationScripts.ROOT);

    private static List<String> sqlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void theListMatchesTheFolders() throws IOException {
        assertThat(sqlFiles(FOLDER)).containsExactlyElementsOf(MigrationScripts.COMMON);
        for (DatabaseVendor vendor : DatabaseVendor.values()) {
            assertThat(sqlFiles(FOLDER.resolve(vendor.migrationFolder())))
                    .as(vendor.name()).containsExactlyElementsOf(MigrationScripts.PER_VENDOR);
        }
    }

    @Test
    void everyScriptIsOnTheClassPathAndFoundByPrefix() throws IOException {
        MigrationScripts scripts = new MigrationScripts(DatabaseVendor.POSTGRESQL, getClass().getClassLoader());
        assertThat(scripts.getResources("V", new String[] {".sql"}))
                .extracting(r -> r.getFilename()).containsExactlyInAnyOrder("V1__call_records_and_audit_log.sql",
                        "V2__outcome_prefix_index.sql", "V3__callback_grants.sql", "V4__scheduled_callbacks.sql",
                        "V5__records_heartbeat.sql", "V6__no_session_index.sql", "V7__callback_dialled_by.sql");
        try (BufferedReader reader = new BufferedReader(scripts.getResource("V2__outcome_prefix_index.sql").read())) {
            assertThat(reader.lines()).anyMatch(line -> line.contains("varchar_pattern_ops"));
        }
        assertThat(scripts.getResources("R", new String[] {".sql"})).isEmpty();
    }
}
