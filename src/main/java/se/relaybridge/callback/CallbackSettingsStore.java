package se.relaybridge.callback;

import se.relaybridge.config.ChangeWatch;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.FileStamp;
import se.relaybridge.config.JsonConfigReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The settings of scheduled callbacks in force, reloadable while relaybridge runs: a changed {@code callbacks.json}
 * applies to the next attempt (an attempt under way keeps its ring times); one with a problem is refused and the
 * settings in force stay. A file removed means the defaults, as at start.
 */
public final class CallbackSettingsStore {

    private static final Logger LOG = Logger.getLogger(CallbackSettingsStore.class.getName());

    private final ConfigLocation location;
    private final AtomicReference<InForce> current = new AtomicReference<>();
    private volatile FileStamp lastSeen;
    private volatile Consumer<Reload> onWatchedReload = r -> { };
    private final ChangeWatch watch;

    private record InForce(CallbackSettings settings, String text) {
    }

    /** As the other stores' reloads: {@code before}/{@code after} the file's text (null: no file, the defaults). */
    public record Reload(boolean changed, List<ConfigProblem> problems, String before, String after) {

        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /** Reads the file; throws its first problem (the others attached as suppressed). */
    public CallbackSettingsStore(ConfigLocation location) {
        this.location = location;
        this.watch = new ChangeWatch("callbacks watch", () -> FileStamp.of(file()), () -> lastSeen,
                () -> onWatchedReload.accept(reload()));
        FileStamp stamp = FileStamp.of(file());
        String text = text();
        current.set(new InForce(text == null ? CallbackSettings.DEFAULT : CallbackSettings.parse(text, name()), text));
        lastSeen = stamp;
    }

    public CallbackSettings current() {
        return current.get().settings();
    }

    public void onWatchedReload(Consumer<Reload> listener) {
        this.onWatchedReload = listener;
    }

    public synchronized Reload reload() {
        FileStamp stamp = FileStamp.of(file());
        InForce before = current.get();
        lastSeen = stamp;
        String text = null;
        try {
            text = text();
            CallbackSettings settings = text == null ? CallbackSettings.DEFAULT : CallbackSettings.parse(text, name());
            boolean changed = !Objects.equals(before.settings(), settings);
            current.set(new InForce(settings, text));
            LOG.info(() -> "callbacks.json reloaded from " + location.description() + (changed ? ": " + settings : ": no change"));
            return new Reload(changed, List.of(), before.text(), text);
        } catch (ConfigProblem problem) {
            List<ConfigProblem> problems = new ArrayList<>();
            problems.add(problem);
            for (Throwable more : problem.getSuppressed()) {
                if (more instanceof ConfigProblem p) {
                    problems.add(p);
                }
            }
            problems.forEach(p -> LOG.severe("callbacks.json refused, the settings in force stay (a restart with this"
                    + " file would not start): " + p.getMessage()));
            return new Reload(false, problems, before.text(), text);
        }
    }

    public void startWatching(ScheduledExecutorService timers, Duration interval) {
        watch.start(timers, interval);
    }

    public void stopWatching() {
        watch.stop();
    }

    private String text() {
        return Files.exists(file()) ? JsonConfigReader.readText(file(), name()) : null;
    }

    private Path file() {
        return location.sipConfig(CallbackSettings.FILE);
    }

    private String name() {
        return location.displayName(file());
    }
}
