package se.relaybridge.record;

import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGConnectionPoolDataSource;

import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * The JDBC connections of the records database. The driver's own data source is made here, from the driver
 * classes in the application, and never found through {@code DriverManager}: inside Payara the caller would be
 * EclipseLink's or Flyway's class loader, which may not see the application's drivers, or may see Payara's own
 * H2 of another version. H2's small pool keeps a few connections open (for H2 it also keeps the database open
 * between transactions), for PostgreSQL as well.
 */
final class ConnectionPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionPool.class.getName());
    static final int MAX_CONNECTIONS = 8;
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final JdbcConnectionPool pool;

    private ConnectionPool(ConnectionPoolDataSource source) {
        this.pool = JdbcConnectionPool.create(source);
        pool.setMaxConnections(MAX_CONNECTIONS);
        pool.setLoginTimeout(CONNECT_TIMEOUT_SECONDS * 2);
    }

    static ConnectionPool open(DatabaseSettings settings) {
        return new ConnectionPool(switch (settings.vendor()) {
            case H2 -> h2(settings);
            case POSTGRESQL -> postgresql(settings);
        });
    }

    private static ConnectionPoolDataSource h2(DatabaseSettings settings) {
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(closedByRelaybridge(writtenAtCommit(settings.url())));
        source.setUser(settings.user() == null ? "" : settings.user());
        source.setPassword(settings.password() == null ? "" : settings.password());
        return source;
    }

    /**
     * H2 writes a commit to its file up to half a second later by default: a process killed in that time loses
     * records it had confirmed, an answered call's among them. {@code WRITE_DELAY=0} writes at commit (to the
     * operating system, which keeps it through a crash of the process); a URL that sets its own delay keeps it.
     */
    static String writtenAtCommit(String url) {
        return withSetting(url, "WRITE_DELAY", "0");
    }

    /**
     * H2 closes a database from a JVM shutdown hook of its own by default, the moment a {@code SIGTERM} arrives:
     * while relaybridge's stop is still ending calls and writing their last records (docs/availability.md), every
     * pooled connection was closed under the writer and the next write failed on one of them (StopAndCrashIT lost
     * a call's final record that way). {@code DB_CLOSE_ON_EXIT=FALSE} leaves the closing to relaybridge, after its
     * stop; a process that ends before then leaves the file as a crash would, with every commit in it
     * ({@link #writtenAtCommit}). A URL that sets its own keeps it.
     */
    static String closedByRelaybridge(String url) {
        return withSetting(url, "DB_CLOSE_ON_EXIT", "FALSE");
    }

    private static String withSetting(String url, String name, String value) {
        return url.toUpperCase(java.util.Locale.ROOT).contains(";" + name + "=") ? url : url + ";" + name + "=" + value;
    }

    private static ConnectionPoolDataSource postgresql(DatabaseSettings settings) {
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setURL(settings.url());
        if (settings.user() != null) {
            source.setUser(settings.user());
        }
        if (settings.password() != null) {
            source.setPassword(settings.password());
        }
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setApplicationName("relaybridge");
        // the server's detail lines and a refused batch's statement carry the row's values (phone numbers, the
        // callback token, which is a permission): no error message of the driver may hold them, as logs take them
        source.setLogServerErrorDetail(false);
        return source;
    }

    DataSource dataSource() {
        return pool;
    }

    /** A quick round trip: {@code SELECT 1} answered within two seconds. */
    boolean reachable() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return result.next();
            }
        } catch (SQLException | RuntimeException e) {
            // the readiness check only says DOWN; the log says why (driver messages name no password)
            LOG.warning("call records database does not answer: " + CallRecordWriter.rootMessage(e));
            return false;
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
