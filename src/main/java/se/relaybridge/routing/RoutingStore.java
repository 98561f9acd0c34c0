package se.relaybridge.routing;

import se.relaybridge.config.ChangeWatch;
import se.relaybridge.config.WatchedChange;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The routing table in force, reloadable while calls run. A reload that finds problems keeps the table in force
 * and reports them: a typo in {@code routing.json} must not send every call to the national queue. At start
 * there is no table to keep, so the constructor throws instead, like {@code queues.json} does.
 */
public final class RoutingStore {

    private static final Logger LOG = Logger.getLogger(RoutingStore.class.getName());

    private final ConfigLocation location;
    private final Supplier<Set<String>> queueIds;
    private final AtomicReference<RoutingTable> current = new AtomicReference<>();
    private volatile Stamp lastSeen;
    private final ChangeWatch watch = new ChangeWatch("routing watch", () -> Stamp.of(file()), () -> lastSeen,
            this::watchedReload);
    private volatile Consumer<WatchedChange> watchedChanges = change -> { };
    /** routing.json's text as the table in force was read from it: the "before" of the next watched change. */
    private volatile String textInForce;

    /** What one reload did: {@code changed} when a new table is now in force; else the problems that kept the old. */
    public record Reload(boolean changed, List<ConfigProblem> problems) {

        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Loads the table; throws the file's first {@link ConfigProblem} (the others attached as suppressed, and all
     * logged) when it has any, so start-up fails with the reason.
     *
     * @param queueIds the queue ids a table may name, asked again at every reload (queues.json may have changed)
     */
    public RoutingStore(ConfigLocation location, Supplier<Set<String>> queueIds) {
        this.location = location;
        this.queueIds = queueIds;
        Stamp stamp = Stamp.of(file());
        RoutingFile.Result result = RoutingFile.read(location, queueIds.get());
        if (!result.ok()) {
            result.problems().forEach(p -> LOG.severe("routing refused: " + p.getMessage()));
            ConfigProblem first = result.problems().get(0);
            result.problems().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        current.set(result.table());
        lastSeen = stamp;
        textInForce = text(file());
    }

    /** Who is told when a watched reload (not a requested one) puts a new table in force, with both files' text. */
    public void onWatchedChange(Consumer<WatchedChange> listener) {
        watchedChanges = listener;
    }

    public RoutingTable current() {
        return current.get();
    }

    /** Reads the file again now; logs the outcome and each problem. */
    public synchronized Reload reload() {
        Stamp stamp = Stamp.of(file());
        RoutingFile.Result result = RoutingFile.read(location, queueIds.get());
        lastSeen = stamp;
        if (!result.ok()) {
            result.problems().forEach(p -> LOG.warning("routing.json refused, previous table stays in force: " + p.getMessage()));
            return new Reload(false, result.problems());
        }
        boolean changed = !Objects.equals(current.getAndSet(result.table()), result.table());
        lastReplaced = changed ? textInForce : null;
        textInForce = text(file());
        LOG.info(() -> "routing reloaded from " + location.description() + (changed ? ": new table in force" : ": no change"));
        return new Reload(changed, List.of());
    }

    private String lastReplaced;

    private synchronized void watchedReload() {
        Reload result = reload();
        if (result.changed()) {
            watchedChanges.accept(new WatchedChange("routing", "replace", lastReplaced, textInForce));
        }
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Looks at the file's size and time every {@code interval} and reloads when they change; runs on {@code timers}. */
    public void startWatching(ScheduledExecutorService timers, Duration interval) {
        watch.start(timers, interval);
    }

    public void stopWatching() {
        watch.stop();
    }

    private Path file() {
        return location.sipConfig(RoutingTable.FILE);
    }

    /** Size and last-modified time; cheap enough to take every few seconds, and works inside an archive too. */
    private record Stamp(long size, FileTime modified) {
        static Stamp of(Path file) {
            try {
                return new Stamp(Files.size(file), Files.getLastModifiedTime(file));
            } catch (IOException e) {
                return new Stamp(-1, null);
            }
        }
    }
}
