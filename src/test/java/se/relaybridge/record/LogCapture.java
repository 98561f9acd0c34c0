package se.relaybridge.record;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Every JUL line (FINE and up) of relaybridge, Flyway and EclipseLink while open, formatted as a console would. */
final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("", "se.relaybridge", "org.flywaydb", "org.eclipse.persistence");
    private final List<String> lines = new ArrayList<>();
    private final List<Level> previous = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    LogCapture() {
        setLevel(Level.ALL);
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            previous.add(logger.getLevel());
            if (!name.isEmpty()) {
                logger.setLevel(Level.FINE);
            }
        }
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(formatter.format(record));
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < LOGGERS.size(); i++) {
            Logger.getLogger(LOGGERS.get(i)).setLevel(previous.get(i));
        }
    }
}
