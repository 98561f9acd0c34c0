package se.relaybridge.config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls a configuration file or folder and reloads when its stamp (names, sizes, times) differs from the one last
 * read. Polling rather than a WatchService: it works the same for a folder on disk and for the embedded copy inside
 * the application archive.
 */
public final class ChangeWatch {

    private static final Logger LOG = Logger.getLogger(ChangeWatch.class.getName());

    private final String name;
    private final Supplier<Object> stampNow;
    private final Supplier<Object> stampLastRead;
    private final Runnable reload;
    private ScheduledFuture<?> task;

    /**
     * @param name          for the log, e.g. {@code relay profile watch}
     * @param stampNow      the stamp of what is on disk now
     * @param stampLastRead the stamp taken when it was last read
     */
    public ChangeWatch(String name, Supplier<Object> stampNow, Supplier<Object> stampLastRead, Runnable reload) {
        this.name = name;
        this.stampNow = stampNow;
        this.stampLastRead = stampLastRead;
        this.reload = reload;
    }

    /** Runs on {@code timers}, which stays the caller's. */
    public synchronized void start(ScheduledExecutorService timers, Duration interval) {
        stop();
        long millis = Math.max(1, interval.toMillis());
        task = timers.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    // synchronized with stop(): once that returns, no poll is half-way and none starts a reload
    private synchronized void poll() {
        if (task == null) {
            return;
        }
        // nothing may escape: an exception would end the scheduled task, and with it every later reload
        try {
            if (!Objects.equals(stampNow.get(), stampLastRead.get())) {
                reload.run();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, name + ": reload failed", e);
        }
    }
}
