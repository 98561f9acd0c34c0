package se.relaybridge.e2e;

import se.relaybridge.call.EngineParts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.record.AuditEntry;
import se.relaybridge.record.CallRecords;
import se.relaybridge.record.DatabaseSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README claim: the file watches' reloads of relay profiles and routing.json are audited with before and after,
 * as the admin API's changes are: relaybridge's B2BUA in this JVM (SIP on 32560, the watch every 2 s), the audit log
 * in an H2 file, a profile edited, one deleted, and routing.json edited on disk.
 */
class WatchedReloadAuditTest {

    @TempDir
    Path configRoot;
    @TempDir
    Path database;

    @Test
    void watchedReloadsAreAuditedWithBeforeAndAfter() throws Exception {
        TestConfig.write(configRoot, 32560, "sip:1177@127.0.0.1:32570");
        try (CallRecords records = CallRecords.open(DatabaseSettings.of("jdbc:h2:file:"
                     + database.resolve("records").toAbsolutePath() + ";AUTO_SERVER=FALSE", "rb", "rb"));
             RunningB2bua relaybridge = new RunningB2bua(configRoot, 32560, 32570, java.time.Clock.systemUTC(),
                     EngineParts.inMemory().configChanges(change -> records.auditLog().record(change.who(),
                             change.subject(), change.action(), change.before(), change.after())))) {

            Path teletal = configRoot.resolve("relay-profiles/teletal.json");
            Files.writeString(teletal, Files.readString(teletal).replace("\"name\": \"Teletal\"", "\"name\": \"Teletal talstöd\""));
            AuditEntry replaced = awaitEntry(records, "profile:teletal");
            assertThat(replaced.who()).isEqualTo("file-watch");
            assertThat(replaced.action()).isEqualTo("replace");
            assertThat(replaced.before()).contains("\"name\":\"Teletal\"");
            assertThat(replaced.after()).contains("\"name\":\"Teletal talstöd\"");

            Files.delete(configRoot.resolve("relay-profiles/bildtelefoni.json"));
            AuditEntry deleted = awaitEntry(records, "profile:bildtelefoni");
            assertThat(deleted.action()).isEqualTo("delete");
            assertThat(deleted.before()).contains("\"service\":\"video\"");
            assertThat(deleted.after()).isNull();

            Path routing = configRoot.resolve("sip-config/routing.json");
            String before = Files.readString(routing);
            Files.writeString(routing, before.replace("\"Uppsala län\"", "\"Uppsala län (Akademiska)\""));
            AuditEntry routed = awaitEntry(records, "routing");
            assertThat(routed.who()).isEqualTo("file-watch");
            assertThat(routed.action()).isEqualTo("reload");
            assertThat(routed.before()).isEqualTo(before);
            assertThat(routed.after()).contains("Uppsala län (Akademiska)");

            assertThat(records.auditLog().recent("", 100)).extracting(AuditEntry::subject)
                    .containsExactly("routing", "profile:bildtelefoni", "profile:teletal");
        }
    }

    private static AuditEntry awaitEntry(CallRecords records, String subject) {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<AuditEntry> entries = records.auditLog().recent(subject, 10);
            return entries.isEmpty() ? null : entries.get(0);
        }, entry -> entry != null);
    }
}
