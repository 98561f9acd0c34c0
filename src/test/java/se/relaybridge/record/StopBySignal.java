package se.relaybridge.record;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM that stops as relaybridge does on {@code SIGTERM} (docs/availability.md): its calls end in a shutdown hook,
 * a moment after the JVM began to exit and while the JVM's other hooks run, and their final records are written
 * then. Run by {@link RecordsThroughJvmShutdownTest}; says on standard output what it saw.
 */
final class StopBySignal {

    /** After the JVM has started its hooks: every other hook has had its chance to run. */
    private static final long CALLS_END_AFTER_MILLIS = 500;

    private StopBySignal() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseSettings settings = DatabaseSettings.h2File(Path.of(args[0]));
        int calls = Integer.parseInt(args[1]);
        CallRecords records = CallRecords.open(settings);
        for (int i = 0; i < calls; i++) {
            records.started(Facts.started("rb-signal-" + i, Facts.T0));
        }
        records.flush(Duration.ofSeconds(30));
        // connections of the records' own kind, open in a pool before the signal, as the writer's are
        ConnectionPool pool = ConnectionPool.open(settings);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(pool.dataSource().getConnection());
        }
        for (Connection c : held) {
            c.close();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(CALLS_END_AFTER_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.out.println("pooled connection after the signal: " + roundTrip(pool));
            for (int i = 0; i < calls; i++) {
                records.finished(Facts.completed("rb-signal-" + i, Facts.T0));
            }
            records.flush(Duration.ofSeconds(30));
            System.out.println("failed records: " + records.failed());
            pool.close();
            records.close();
            System.out.println("closed");
        }, "stop-by-signal"));
        System.exit(0);
    }

    private static String roundTrip(ConnectionPool pool) {
        try (Connection c = pool.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1")) {
            return r.next() ? "answers" : "no row";
        } catch (SQLException e) {
            return CallRecordWriter.rootMessage(e);
        }
    }
}
