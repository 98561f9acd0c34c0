package se.relaybridge.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Captures every log line relaybridge writes in this JVM (java.util.logging, as in Payara), so a test can
 * check that none of them carries a full phone number.
 */
public final class LogScan {

    /**
     * A Swedish number in E.164 (+46…) or national (0…) form, spaced or not, that is not merely a part of a longer
     * token: the end of an id or a path, or the start of a hexadecimal Call-ID ({@code 0626057070a3…@host}).
     */
    private static final Pattern PHONE_NUMBER = Pattern.compile(
            "(?<![\\d\\w-])(?<!\\d\\.)(\\+46|46|0)[1-9]\\d(?:[ -]?\\d){5,}(?!\\w)");
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static final SimpleFormatter FORMAT = new SimpleFormatter();
    private static volatile boolean installed;
    /** Held here: the log manager keeps loggers weakly, and a collected one comes back without the handler. */
    private static Logger relaybridge;

    private LogScan() {
    }

    /** Starts capturing, everything from FINE up, for the rest of this JVM. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        relaybridge = Logger.getLogger("se.relaybridge");
        relaybridge.setLevel(Level.FINE);
        relaybridge.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                LINES.add(FORMAT.format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        installed = true;
    }

    public static List<String> lines() {
        return List.copyOf(LINES);
    }

    public static List<String> linesWithPhoneNumbers() {
        return LINES.stream().filter(LogScan::hasPhoneNumber).toList();
    }

    /** True when {@code line} carries a full Swedish phone number. */
    public static boolean hasPhoneNumber(String line) {
        return PHONE_NUMBER.matcher(line).find();
    }
}
