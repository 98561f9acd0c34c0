package se.relaybridge.routing;

import se.relaybridge.config.ChangeWatch;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.FileStamp;
import se.relaybridge.config.JsonConfigReader;

import java.nio.file.Path;
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
    private final AtomicReference<InForce> current = new AtomicReference<>();
    private volatile FileStamp lastSeen;
    private volatile Consumer<Reload> onWatchedReload = r -> { };
    private final ChangeWatch watch = new ChangeWatch("routing watch", () -> FileStamp.of(file()), () -> lastSeen,
            () -> onWatchedReload.accept(reload()));

    private record InForce(RoutingTable table, String text) {
    }

    /**
     * What one reload did: {@code changed} when a new table is now in force; else the problems that kept the old.
     * {@code before} is the file's text that was in force, {@code after} the text read now (refused when
     * {@code problems} is not empty; null when the file could not be read).
     */
    public record Reload(boolean changed, List<ConfigProblem> problems, String before, String after) {

        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Loads the table; throws the file's first {@link ConfigProblem} (the others attached as suppressed) when it has
     * any, so start-up fails with the reason.
     *
     * @param queueIds the queue ids a table may name, asked again at every reload (queues.json may have changed)
     */
    public RoutingStore(ConfigLocation location, Supplier<Set<String>> queueIds) {
        this.location = location;
        this.queueIds = queueIds;
        FileStamp stamp = FileStamp.of(file());
        String text = JsonConfigReader.readText(file(), name());
        RoutingFile.Result result = RoutingFile.parse(text, name(), queueIds.get());
        if (!result.ok()) {
            ConfigProblem first = result.problems().get(0);
            result.problems().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        current.set(new InForce(result.table(), text));
        lastSeen = stamp;
    }

    public RoutingTable current() {
        return current.get().table();
    }

    /** What runs after a reload the watcher started (the audit log). */
    public void onWatchedReload(Consumer<Reload> listener) {
        this.onWatchedReload = listener;
    }

    /** Reads the file again now; logs the outcome, and each problem as SEVERE: the next start would fail on it. */
    public synchronized Reload reload() {
        FileStamp stamp = FileStamp.of(file());
        InForce before = current.get();
        lastSeen = stamp;
        String text = null;
        RoutingFile.Result result;
        try {
            text = JsonConfigReader.readText(file(), name());
            result = RoutingFile.parse(text, name(), queueIds.get());
        } catch (ConfigProblem unreadable) {
            result = new RoutingFile.Result(null, List.of(unreadable));
        }
        if (!result.ok()) {
            result.problems().forEach(p -> LOG.severe("routing.json refused, the table in force stays (a restart with"
                    + " this file would not start): " + p.getMessage()));
            return new Reload(false, result.problems(), before.text(), text);
        }
        RoutingTable table = result.table();
        boolean changed = !Objects.equals(before.table(), table);
        current.set(new InForce(table, text));
        LOG.info(() -> "routing reloaded from " + location.description() + (changed ? ": new table in force" : ": no change"));
        return new Reload(changed, List.of(), before.text(), text);
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

    private String name() {
        return location.displayName(file());
    }
}
