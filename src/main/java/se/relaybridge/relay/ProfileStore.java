package se.relaybridge.relay;

import se.relaybridge.config.ChangeWatch;
import se.relaybridge.config.WatchedChange;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The relay profiles in force, reloadable while calls run. {@link #current()} is what call admission asks (a
 * {@code Supplier<ProfileSet>}); a reload swaps in a new {@link ProfileSet} at once. A call in progress is not
 * touched: it holds the {@link RelayProfile} it was admitted with, and records are never changed in place.
 * <p>
 * A file that has become invalid does not take its profile away: the last good version stays in force and the
 * problem is reported (an operator's typo must not cut a relay off). A deleted file removes its profile; a new
 * valid file adds one. A folder that has disappeared or cannot be listed keeps every profile as it was (more
 * likely a deployment in progress than the wish to refuse every relay).
 */
public final class ProfileStore {

    private static final Logger LOG = Logger.getLogger(ProfileStore.class.getName());

    private final ConfigLocation location;
    private final AtomicReference<ProfileSet> current = new AtomicReference<>(ProfileSet.empty());
    private volatile FolderStamp lastSeen;
    private final ChangeWatch watch;
    private volatile Consumer<WatchedChange> watchedChanges = change -> { };

    /** Loads the profiles, logging nothing: the caller reports {@code current().problems()} at start, as now. */
    public ProfileStore(ConfigLocation location) {
        this.location = location;
        this.watch = new ChangeWatch("relay profile watch", () -> FolderStamp.of(location.relayProfiles()),
                () -> lastSeen, this::watchedReload);
        load();
    }

    /** Who is told of each profile a watched reload (not a requested one) created, replaced or deleted. */
    public void onWatchedChange(Consumer<WatchedChange> listener) {
        watchedChanges = listener;
    }

    public ProfileSet current() {
        return current.get();
    }

    /** Reads the folder again now; logs one line with what changed, and each problem. */
    public ReloadResult reload() {
        ReloadResult result = load();
        LOG.info(() -> "relay profiles reloaded from " + location.description() + ": " + result.summary());
        result.problems().forEach(p -> LOG.warning("relay profile refused: " + p.getMessage()));
        return result;
    }

    /** The watch's reload: as {@link #reload()}, then each profile that changed is told, with before and after. */
    private synchronized void watchedReload() {
        ProfileSet before = current.get();
        ReloadResult result = reload();
        ProfileSet after = current.get();
        Consumer<WatchedChange> listener = watchedChanges;
        result.added().forEach(id -> listener.accept(new WatchedChange("profile:" + id, "create", null, after.byId().get(id))));
        result.changed().forEach(id -> listener.accept(new WatchedChange("profile:" + id, "replace",
                before.byId().get(id), after.byId().get(id))));
        result.removed().forEach(id -> listener.accept(new WatchedChange("profile:" + id, "delete", before.byId().get(id), null)));
    }

    // synchronized: two reloads at once (watcher and an operator's request) must not both start from the same
    // previous set and the later overwrite the earlier
    private synchronized ReloadResult load() {
        FolderStamp stamp = FolderStamp.of(location.relayProfiles());
        ProfileSet before = current.get();
        ProfileSet after;
        try {
            after = ProfileLoader.merge(before, ProfileLoader.readAll(location));
        } catch (ConfigProblem folder) {
            after = new ProfileSet(before.byId(), before.sources(), List.of(folder));
        }
        current.set(after);
        // the stamp taken before reading: a file written while reading differs from it, so the watcher reloads again
        lastSeen = stamp;
        return compare(before, after);
    }

    private ReloadResult compare(ProfileSet before, ProfileSet after) {
        List<String> added = after.byId().keySet().stream().filter(id -> !before.byId().containsKey(id)).sorted().toList();
        List<String> removed = before.byId().keySet().stream().filter(id -> !after.byId().containsKey(id)).sorted().toList();
        List<String> changed = after.byId().keySet().stream().filter(before.byId()::containsKey)
                .filter(id -> !Objects.equals(before.byId().get(id), after.byId().get(id))).sorted().toList();
        List<String> kept = after.byId().keySet().stream().filter(id -> after.problems().stream()
                .anyMatch(p -> p.file().equals(fileName(id)) || p.field().equals("(folder)"))).sorted().toList();
        return new ReloadResult(added, changed, removed, kept, after.problems());
    }

    private String fileName(String id) {
        return location.displayName(location.relayProfiles().resolve(ProfileLoader.fileOf(id)));
    }

    /**
     * Looks at the folder every {@code interval} and reloads when a profile file was added, removed or rewritten
     * (name, size or last-modified time changed). Runs on {@code timers}, which stays the caller's.
     */
    public void startWatching(ScheduledExecutorService timers, Duration interval) {
        watch.start(timers, interval);
    }

    public void stopWatching() {
        watch.stop();
    }
}
