package se.relaybridge.call;

import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackSettings;
import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;
import se.relaybridge.callback.ScheduledCallbacks;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.runtime.DaemonThreads;

import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires scheduled callbacks at their time, by relaybridge's {@link Clock} (tests move it). Everything that touches
 * the store — creating, cancelling, the due check, each attempt's result — runs on one thread of its own
 * ({@value #THREAD_NAME}), so the store has one writer and neither a SIP thread nor a call's executor ever waits
 * for the database. Its store is read when it starts: every pending callback is taken up again, an overdue one
 * fires at the next check, and one left {@code calling} by a stop gets an {@code interrupted} attempt and is
 * retried like any failed attempt.
 */
public final class CallbackScheduler {

    static final String THREAD_NAME = "relaybridge-callbacks";
    private static final Logger LOG = Logger.getLogger(CallbackScheduler.class.getName());
    private static final long CHECK_MILLIS = 1000;
    private static final int BOARD_LIMIT = 50;

    /** Why a request was refused: {@code field} names what to fix. */
    public static final class Refusal extends RuntimeException {
        public enum Kind { INVALID, NOT_FOUND, CONFLICT }

        private final Kind kind;
        private final String field;

        Refusal(Kind kind, String field, String message) {
            super(message);
            this.kind = kind;
            this.field = field;
        }

        public Kind kind() {
            return kind;
        }

        public String field() {
            return field;
        }
    }

    private final Clock clock;
    private final Supplier<CallbackSettings> settings;
    private final CallbackTokens tokens;
    private final Supplier<ProfileSet> profiles;
    private final ThirdPartyCallback dialer;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named(THREAD_NAME));
    private final Map<String, ScheduledCallback> pending = new ConcurrentHashMap<>();
    private final List<Consumer<List<ScheduledCallback>>> watchers = new CopyOnWriteArrayList<>();
    private final ScheduledCallbacks store;

    // other nodes of a cluster run: a callback being dialled may be theirs (docs/cluster.md)
    private final java.util.function.BooleanSupplier othersRunning;
    // this node's name in a cluster: the store says which node dials a callback
    private final String node;

    CallbackScheduler(Clock clock, Supplier<CallbackSettings> settings, CallbackTokens tokens,
                      Supplier<ProfileSet> profiles, ThirdPartyCallback dialer, ScheduledCallbacks store,
                      java.util.function.BooleanSupplier othersRunning, String node) {
        this.othersRunning = othersRunning;
        this.node = node;
        this.clock = clock;
        this.store = store;
        this.settings = settings;
        this.tokens = tokens;
        this.profiles = profiles;
        this.dialer = dialer;
    }

    /** Takes up the pending callbacks of the store (a restart), then checks for due ones from now on. */
    void start() {
        try {
            takeUpPending();
        } catch (RuntimeException e) {
            // calls go on without them; the board and the API say what the store holds once it answers
            LOG.log(Level.SEVERE, "scheduled callbacks could not be taken up from their store", e);
        }
        worker.scheduleWithFixedDelay(this::fireDue, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop() {
        worker.shutdownNow();
    }

    /**
     * Node {@code deadNode} of the cluster is gone: the attempts it was making end as {@code interrupted} and are
     * retried like any failed attempt, here; the pending callbacks scheduled through it are this node's to fire
     * from now on (the store decides which node dials each). On this scheduler's thread; returns at once.
     */
    void takeOverFrom(String deadNode) {
        worker.execute(() -> {
            try {
                for (String id : store.dialledBy(deadNode)) {
                    store.find(id).ifPresent(callback -> {
                        LOG.warning(() -> "scheduled callback " + id + " was being dialled by node " + deadNode
                                + ", which is gone");
                        attemptEnded(callback, new CallbackAttempt(0, clock.instant(), "interrupted", null, null));
                    });
                }
                for (ScheduledCallback callback : store.unfinished()) {
                    if (callback.state() == ScheduledCallbackState.PENDING) {
                        pending.putIfAbsent(callback.id(), callback);
                    }
                }
                publish();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "node " + deadNode + "'s scheduled callbacks could not be taken up", e);
            }
        });
    }

    public CallbackSettings settings() {
        return settings.get();
    }

    private void takeUpPending() {
        onWorker(() -> {
            int taken = 0;
            boolean others = othersRunning.getAsBoolean();
            java.util.Set<String> mine = others ? java.util.Set.copyOf(store.dialledBy(node)) : java.util.Set.of();
            for (ScheduledCallback callback : store.unfinished()) {
                if (callback.state() == ScheduledCallbackState.CALLING) {
                    if (others && !mine.contains(callback.id())) {
                        // another node of the cluster may be dialling it now: never its attempt to end here
                        continue;
                    }
                    // relaybridge stopped while this one was dialled: that attempt is lost, the next may follow
                    attemptEnded(callback, new CallbackAttempt(0, clock.instant(), "interrupted", null, null));
                } else {
                    pending.put(callback.id(), callback);
                }
                taken++;
            }
            if (taken > 0) {
                int count = taken;
                LOG.info(() -> "scheduled callbacks: " + count + " taken up from the database");
            }
            publish();
            return null;
        });
    }

    /** Hears the board's list (unfinished first) after every change, on the scheduler's thread. */
    public void watch(Consumer<List<ScheduledCallback>> watcher) {
        watchers.add(watcher);
    }

    public void unwatch(Consumer<List<ScheduledCallback>> watcher) {
        watchers.remove(watcher);
    }

    /**
     * Schedules a callback of relay call {@code callId}'s person by the nurse at {@code nurseUri}, at {@code at};
     * the person's number and relay profile come from the call's callback grant.
     *
     * @throws Refusal what is wrong with the request
     */
    public ScheduledCallback schedule(String callId, Instant at, String nurseUri, String who) {
        Instant now = clock.instant();
        if (callId == null || callId.isBlank()) {
            throw new Refusal(Refusal.Kind.INVALID, "callId", "callId is missing");
        }
        if (at == null) {
            throw new Refusal(Refusal.Kind.INVALID, "at", "at is missing (an ISO-8601 instant, e.g. 2026-11-26T14:30:00Z)");
        }
        if (!at.isAfter(now)) {
            throw new Refusal(Refusal.Kind.INVALID, "at", "at " + at + " is not in the future (now " + now + ")");
        }
        Optional<String> badUri = dialer.nurseUriProblem(nurseUri);
        if (badUri.isPresent()) {
            throw new Refusal(Refusal.Kind.INVALID, "nurseUri", badUri.get());
        }
        return onWorker(() -> {
            CallbackGrant grant = tokens.findByCallId(callId, now).orElseThrow(() -> new Refusal(
                    Refusal.Kind.NOT_FOUND, "callId", "call '" + callId + "' has no valid callback grant"));
            if (!at.isBefore(grant.expiresAt())) {
                throw new Refusal(Refusal.Kind.INVALID, "at", "at " + at + " is after the call's callback grant"
                        + " expires (" + grant.expiresAt() + ")");
            }
            if (trunkOf(grant).isEmpty()) {
                throw new Refusal(Refusal.Kind.CONFLICT, "callId", "relay profile '" + grant.profileId()
                        + "' of call '" + callId + "' has no callback trunk");
            }
            ScheduledCallback callback = new ScheduledCallback(newId(), callId, grant.token(), grant.profileId(),
                    nurseUri.trim(), at, ScheduledCallbackState.PENDING, who, now, List.of());
            store.insert(callback);
            pending.put(callback.id(), callback);
            LOG.info(() -> "scheduled callback " + callback.id() + " of call " + callId + " at " + at + " by " + who);
            publish();
            return callback;
        });
    }

    /** Cancels a pending callback; one being dialled finishes its attempt but gets no other. */
    public ScheduledCallback cancel(String id, String who) {
        return onWorker(() -> {
            ScheduledCallback callback = store.find(id).orElseThrow(() -> new Refusal(Refusal.Kind.NOT_FOUND, "id",
                    "no scheduled callback '" + id + "'"));
            if (callback.state().finished()) {
                throw new Refusal(Refusal.Kind.CONFLICT, "id", "scheduled callback '" + id + "' is "
                        + callback.state().wireName() + " already");
            }
            pending.remove(id);
            ScheduledCallback cancelled = callback.withState(ScheduledCallbackState.CANCELLED);
            store.update(cancelled);
            LOG.info(() -> "scheduled callback " + id + " cancelled by " + who);
            publish();
            return cancelled;
        });
    }

    public Optional<ScheduledCallback> find(String id) {
        return onWorker(() -> store.find(id));
    }

    /** Unfinished first, soonest first; then the others, newest first. */
    public List<ScheduledCallback> list(int limit) {
        return onWorker(() -> store.list(limit));
    }

    private void fireDue() {
        try {
            Instant now = clock.instant();
            for (ScheduledCallback callback : List.copyOf(pending.values())) {
                if (!callback.dueAt().isAfter(now) && pending.remove(callback.id(), callback)) {
                    fire(callback);
                }
            }
        } catch (RuntimeException e) {
            // the next check must still come: a failing database now is no reason to stop all callbacks
            LOG.log(Level.WARNING, "scheduled callbacks: the due check failed", e);
        }
    }

    private void fire(ScheduledCallback callback) {
        Optional<CallbackGrant> grant = tokens.find(callback.token(), clock.instant());
        if (grant.isEmpty()) {
            attemptEnded(callback, new CallbackAttempt(0, clock.instant(), "grant-expired", null, null));
            return;
        }
        Optional<RelayProfile> profile = trunkOf(grant.get());
        if (profile.isEmpty()) {
            attemptEnded(callback, new CallbackAttempt(0, clock.instant(), "no-callback-trunk", null, null));
            return;
        }
        ScheduledCallback calling = callback.withState(ScheduledCallbackState.CALLING);
        if (!store.claim(callback.id(), node, clock.instant())) {
            // another node of the cluster dials it (or it was cancelled meanwhile): not this one
            LOG.info(() -> "scheduled callback " + callback.id() + " is dialled elsewhere or no longer pending");
            return;
        }
        publish();
        try {
            dialer.place(new ThirdPartyCallback.Order(callback.id(), callback.nurseUri(), grant.get(), profile.get(),
                    settings.get().nurseRing(), settings.get().personRing(),
                    (id, attempt) -> onWorkerLater(() -> attemptEnded(id, attempt))));
        } catch (Exception e) {
            LOG.log(Level.WARNING, "scheduled callback " + callback.id() + " could not be placed", e);
            attemptEnded(calling, new CallbackAttempt(0, clock.instant(), "internal-error", null, null));
        }
    }

    private void attemptEnded(String id, CallbackAttempt attempt) {
        store.find(id).ifPresentOrElse(callback -> attemptEnded(callback, attempt),
                () -> LOG.warning("scheduled callback " + id + " ended an attempt but is no longer stored"));
    }

    /** Records the attempt and decides what follows: done, another attempt later, or failed. */
    private void attemptEnded(ScheduledCallback callback, CallbackAttempt result) {
        int number = callback.attempts().size() + 1;
        CallbackAttempt attempt = new CallbackAttempt(number, result.at(), result.outcome(), result.sipStatus(),
                result.callId());
        ScheduledCallbackState next;
        Instant due = callback.dueAt();
        if (attempt.connected()) {
            next = ScheduledCallbackState.DONE;
        } else if (callback.state() == ScheduledCallbackState.CANCELLED) {
            next = ScheduledCallbackState.CANCELLED;
        } else if (number < settings.get().maxAttempts() && retryable(attempt.outcome())) {
            next = ScheduledCallbackState.PENDING;
            due = clock.instant().plus(settings.get().retryAfter());
        } else {
            next = ScheduledCallbackState.FAILED;
        }
        ScheduledCallback after = callback.after(attempt, next, due);
        store.update(after);
        if (next == ScheduledCallbackState.PENDING) {
            pending.put(after.id(), after);
        }
        LOG.info(() -> "scheduled callback " + after.id() + " attempt " + number + ": " + attempt.outcome()
                + (attempt.sipStatus() == null ? "" : " (" + attempt.sipStatus() + ")") + ", now " + next.wireName()
                + (next == ScheduledCallbackState.PENDING ? " until " + after.dueAt() : ""));
        publish();
    }

    /** A grant gone or a profile without a callback trunk will not come back by waiting. */
    private static boolean retryable(String outcome) {
        return !outcome.equals("grant-expired") && !outcome.equals("no-callback-trunk");
    }

    private Optional<RelayProfile> trunkOf(CallbackGrant grant) {
        return profiles.get().get(grant.profileId()).filter(p -> p.callback() != null);
    }

    private void publish() {
        if (watchers.isEmpty()) {
            return;
        }
        List<ScheduledCallback> list = store.list(BOARD_LIMIT);
        watchers.forEach(w -> {
            try {
                w.accept(list);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a watcher of scheduled callbacks failed", e);
            }
        });
    }

    private void onWorkerLater(Runnable work) {
        try {
            worker.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "scheduled callbacks: an attempt's result could not be stored", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.info("scheduled callbacks: stopped before an attempt's result was stored; the next start retries it");
        }
    }

    private <T> T onWorker(Callable<T> work) {
        try {
            return worker.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the callback scheduler has stopped", e);
        }
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "sc-" + HexFormat.of().formatHex(bytes);
    }
}
