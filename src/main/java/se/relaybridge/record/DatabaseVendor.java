package se.relaybridge.record;

/** The databases call records can live in, told apart by the JDBC URL. */
public enum DatabaseVendor {
    H2("jdbc:h2:", "org.eclipse.persistence.platform.database.H2Platform", "h2"),
    POSTGRESQL("jdbc:postgresql:", "org.eclipse.persistence.platform.database.PostgreSQLPlatform", "postgresql");

    private final String urlPrefix;
    private final String eclipseLinkPlatform;
    private final String migrationFolder;

    DatabaseVendor(String urlPrefix, String eclipseLinkPlatform, String migrationFolder) {
        this.urlPrefix = urlPrefix;
        this.eclipseLinkPlatform = eclipseLinkPlatform;
        this.migrationFolder = migrationFolder;
    }

    /** The vendor of {@code url}, or {@code null} for any other database. */
    public static DatabaseVendor of(String url) {
        for (DatabaseVendor vendor : values()) {
            if (url != null && url.startsWith(vendor.urlPrefix)) {
                return vendor;
            }
        }
        return null;
    }

    String eclipseLinkPlatform() {
        return eclipseLinkPlatform;
    }

    /** The folder under {@code db/relaybridge/} with this vendor's own migrations. */
    String migrationFolder() {
        return migrationFolder;
    }
}
