package se.relaybridge.routing;

import se.relaybridge.config.ChangeWatch;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.FileStamp;
import se.relaybridge.config.JsonConfigReader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The nurse queues in force, reloadable while calls run. A reload that finds any problem keeps the queues in force
 * and reports every problem: a broken {@code queues.json} must neither stop the calls of today nor, unnoticed, the
 * start of tomorrow. A call in progress keeps the queue and targets it was routed to ({@code Call.route}); only new
 * calls see a new file. At start there is nothing to keep, so the constructor throws.
 * <p>
 * A new file may not take away a queue that the routing table in force sends calls to: routing.json would have to
 * change first (or with it, by a reload of routing.json after this one).
 */
public final class QueueStore {

    private static final Logger LOG = Logger.getLogger(QueueStore.class.getName());

    private final ConfigLocation location;
    private final AtomicReference<InForce> current = new AtomicReference<>();
    private volatile Supplier<Set<String>> namedByRouting = Set::of;
    private volatile FileStamp lastSeen;
    private volatile Consumer<Reload> onWatchedReload = r -> { };
    private final ChangeWatch watch;

    private record InForce(QueueDirectory directory, String text) {
    }

    /**
     * What one reload did: {@code changed} when a new directory is now in force; else the problems that kept the old.
     * {@code before} is the file's text that was in force, {@code after} the text read now (refused when
     * {@code problems} is not empty).
     */
    public record Reload(boolean changed, List<ConfigProblem> problems, String before, String after) {

        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /** Loads the file; throws its first {@link ConfigProblem} (the others attached as suppressed) when it has any. */
    public QueueStore(ConfigLocation location) {
        this.location = location;
        this.watch = new ChangeWatch("queues watch", () -> FileStamp.of(file()), () -> lastSeen, this::reloadOnChange);
        FileStamp stamp = FileStamp.of(file());
        String text = JsonConfigReader.readText(file(), name());
        QueueDirectory.Result result = QueueDirectory.parse(text, name());
        if (!result.ok()) {
            ConfigProblem first = result.problems().get(0);
            result.problems().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        current.set(new InForce(result.directory(), text));
        lastSeen = stamp;
    }

    /** The queue ids routing.json sends calls to, asked at every reload (routing may have changed since). */
    public void namedByRouting(Supplier<Set<String>> queueIds) {
        this.namedByRouting = queueIds;
    }

    public QueueDirectory current() {
        return current.get().directory();
    }

    /** Reads the file again now; logs the outcome, and each problem as SEVERE: the next start would fail on it. */
    public synchronized Reload reload() {
        FileStamp stamp = FileStamp.of(file());
        InForce before = current.get();
        lastSeen = stamp;
        String text;
        try {
            text = JsonConfigReader.readText(file(), name());
        } catch (ConfigProblem unreadable) {
            return refused(before, null, List.of(unreadable));
        }
        QueueDirectory.Result result = QueueDirectory.parse(text, name());
        if (!result.ok()) {
            return refused(before, text, result.problems());
        }
        List<ConfigProblem> routed = stillRouted(result.directory());
        if (!routed.isEmpty()) {
            return refused(before, text, routed);
        }
        boolean changed = !Objects.equals(before.directory(), result.directory());
        current.set(new InForce(result.directory(), text));
        LOG.info(() -> "queues reloaded from " + location.description() + (changed
                ? ": queues " + result.directory().queues().keySet() + " in force for new calls" : ": no change"));
        return new Reload(changed, List.of(), before.text(), text);
    }

    private Reload refused(InForce before, String text, List<ConfigProblem> problems) {
        problems.forEach(p -> LOG.severe("queues.json refused, the queues in force stay (a restart with this file would"
                + " not start): " + p.getMessage()));
        return new Reload(false, problems, before.text(), text);
    }

    private List<ConfigProblem> stillRouted(QueueDirectory next) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (String id : namedByRouting.get()) {
            if (!next.queues().containsKey(id)) {
                problems.add(new ConfigProblem(name(), "queues", "queue '" + id
                        + "' is one routing.json sends calls to; change routing.json first"));
            }
        }
        return problems;
    }

    /** What runs after a reload the watcher started (the audit log). */
    public void onWatchedReload(Consumer<Reload> listener) {
        this.onWatchedReload = listener;
    }

    private void reloadOnChange() {
        onWatchedReload.accept(reload());
    }

    /** Looks at the file's size and time every {@code interval} and reloads when they change; runs on {@code timers}. */
    public void startWatching(ScheduledExecutorService timers, Duration interval) {
        watch.start(timers, interval);
    }

    public void stopWatching() {
        watch.stop();
    }

    private Path file() {
        return location.sipConfig(QueueDirectory.FILE);
    }

    private String name() {
        return location.displayName(file());
    }
}
