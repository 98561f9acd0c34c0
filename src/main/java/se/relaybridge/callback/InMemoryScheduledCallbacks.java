package se.relaybridge.callback;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Scheduled callbacks kept in this process only: until the records database is attached, and in plain tests. */
public final class InMemoryScheduledCallbacks implements ScheduledCallbacks {

    private final Map<String, ScheduledCallback> byId = new ConcurrentHashMap<>();
    private final Map<String, String> dialledBy = new ConcurrentHashMap<>();

    @Override
    public void insert(ScheduledCallback callback) {
        if (byId.putIfAbsent(callback.id(), callback) != null) {
            throw new IllegalStateException("scheduled callback " + callback.id() + " exists already");
        }
    }

    @Override
    public void update(ScheduledCallback callback) {
        byId.replace(callback.id(), callback);
    }

    @Override
    public boolean claim(String id, String node, java.time.Instant now) {
        ScheduledCallback pending = byId.get(id);
        if (pending != null && pending.state() == ScheduledCallbackState.PENDING && !pending.dueAt().isAfter(now)
                && byId.replace(id, pending, pending.withState(ScheduledCallbackState.CALLING))) {
            dialledBy.put(id, node);
            return true;
        }
        return false;
    }

    @Override
    public List<String> dialledBy(String node) {
        return byId.values().stream().filter(c -> c.state() == ScheduledCallbackState.CALLING)
                .map(ScheduledCallback::id).filter(id -> node.equals(dialledBy.get(id))).toList();
    }

    @Override
    public Optional<ScheduledCallback> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<ScheduledCallback> list(int limit) {
        return byId.values().stream().sorted(ORDER).limit(limit).toList();
    }

    @Override
    public List<ScheduledCallback> unfinished() {
        return byId.values().stream().filter(c -> !c.state().finished())
                .sorted(Comparator.comparing(ScheduledCallback::dueAt)).toList();
    }

    /** The order of {@link ScheduledCallbacks#list}: what is still to come first, soonest first. */
    public static final Comparator<ScheduledCallback> ORDER = Comparator
            .comparing((ScheduledCallback c) -> c.state().finished())
            .thenComparing((a, b) -> a.state().finished() ? b.dueAt().compareTo(a.dueAt()) : a.dueAt().compareTo(b.dueAt()))
            .thenComparing(ScheduledCallback::id);
}
