package se.relaybridge.record;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.List;

/** Brings the records schema up to date with Flyway; Flyway alone owns the schema (EclipseLink creates nothing). */
final class SchemaMigration {

    static final String HISTORY_TABLE = "relaybridge_schema_history";

    private SchemaMigration() {
    }

    /** Runs the pending migrations; answers how many ran. */
    static int migrate(DataSource dataSource, DatabaseVendor vendor) {
        ClassLoader loader = SchemaMigration.class.getClassLoader();
        MigrateResult result = Flyway.configure(loader)
                .dataSource(dataSource)
                .locations("classpath:" + MigrationScripts.ROOT.substring(0, MigrationScripts.ROOT.length() - 1))
                .resourceProvider(new MigrationScripts(vendor, loader))
                .javaMigrationClassProvider(List::of)
                .table(HISTORY_TABLE)
                .cleanDisabled(true)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
