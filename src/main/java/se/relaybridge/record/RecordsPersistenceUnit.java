package se.relaybridge.record;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import org.eclipse.persistence.jpa.PersistenceProvider;

import javax.sql.DataSource;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The records' persistence unit, described in code. A {@code META-INF/persistence.xml} in the WAR would be
 * picked up by Payara and deployed as a container unit of its own (with its default data source); built here,
 * the unit uses our connections, our class loader and nothing of the server's configuration. The schema is
 * Flyway's: EclipseLink generates no DDL.
 */
final class RecordsPersistenceUnit implements PersistenceUnitInfo {

    static final String NAME = "relaybridge-records";

    private final DataSource dataSource;
    private final Properties properties = new Properties();

    private RecordsPersistenceUnit(DataSource dataSource, DatabaseVendor vendor) {
        this.dataSource = dataSource;
        properties.putAll(Map.of(
                "eclipselink.target-database", vendor.eclipseLinkPlatform(),
                "eclipselink.ddl-generation", "none",
                "eclipselink.weaving", "false",
                "eclipselink.cache.shared.default", "false",
                "eclipselink.logging.logger", "JavaLogger",
                "eclipselink.logging.level", "WARNING",
                // bind values are relay metadata with phone numbers: never in a log line or exception message
                "eclipselink.logging.parameters", "false",
                // nor a driver's message in EclipseLink's own log of an exception it throws: it may name a key's
                // value (a callback token); relaybridge logs each failure itself, without values
                "eclipselink.logging.exceptions", "false",
                "eclipselink.jdbc.batch-writing", "JDBC"));
    }

    static EntityManagerFactory createFactory(DataSource dataSource, DatabaseVendor vendor) {
        RecordsPersistenceUnit unit = new RecordsPersistenceUnit(dataSource, vendor);
        return new PersistenceProvider().createContainerEntityManagerFactory(unit, Map.of());
    }

    @Override
    public String getPersistenceUnitName() {
        return NAME;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return PersistenceProvider.class.getName();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    /**
     * The class-path root holding these classes, where EclipseLink looks for {@code META-INF/orm.xml}. Taken from
     * the class file's own URL: inside Payara the class loader's code source is not a folder or jar EclipseLink
     * can open.
     */
    @Override
    public URL getPersistenceUnitRootUrl() {
        String classFile = RecordsPersistenceUnit.class.getName().replace('.', '/') + ".class";
        String url = RecordsPersistenceUnit.class.getClassLoader().getResource(classFile).toString();
        try {
            return new URL(url.substring(0, url.length() - classFile.length()));
        } catch (MalformedURLException e) {
            throw new IllegalStateException("the records' class-path root " + url + " is not a URL", e);
        }
    }

    @Override
    public List<String> getManagedClassNames() {
        return List.of(CallRecordEntity.class.getName(), AuditEntryEntity.class.getName(),
                CallbackGrantEntity.class.getName(), ScheduledCallbackEntity.class.getName(),
                CallbackAttemptEntity.class.getName());
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return SharedCacheMode.NONE;
    }

    @Override
    public ValidationMode getValidationMode() {
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return RecordsPersistenceUnit.class.getClassLoader();
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // no weaving: the entities are plain rows without lazy relations
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return getClassLoader();
    }
}
