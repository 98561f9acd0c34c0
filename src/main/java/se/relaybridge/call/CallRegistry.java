package se.relaybridge.call;

import se.relaybridge.sip.AckWaitRelease;

import javax.sip.Dialog;
import javax.sip.DialogState;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Calls in progress, by relaybridge call id and by the SIP Call-ID of each of their legs. */
public final class CallRegistry {

    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final Map<String, Leg> legsBySipCallId = new ConcurrentHashMap<>();
    private final Executor pool;
    private final Clock clock;
    private final List<Consumer<Call>> onFinished = new CopyOnWriteArrayList<>();
    private final List<Consumer<Call>> onChange = new CopyOnWriteArrayList<>();
    private final List<Consumer<Call>> onYielded = new CopyOnWriteArrayList<>();
    private final List<CallWatcher> watchers = new CopyOnWriteArrayList<>();
    private static final Logger LOG = Logger.getLogger(CallRegistry.class.getName());

    public CallRegistry(Executor pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        // loaded now, not at the first call's end: that may come during a SIGTERM, when Payara has already closed
        // the application's class loader (docs/availability.md)
        AckWaitRelease.available();
    }

    /** Called on the call's executor at every change of a call's state (the hook features plug into). */
    void onChange(Consumer<Call> listener) {
        onChange.add(listener);
    }

    /** Called once for every call that leaves the registry (log, records, metrics). */
    public void onFinished(Consumer<Call> listener) {
        onFinished.add(listener);
    }

    /** Called for every call another node took up while this one carried it (its trunk place, its timers). */
    void onYielded(Consumer<Call> listener) {
        onYielded.add(listener);
    }

    /** Adds a watcher of every call's changes and end; see {@link CallWatcher}. */
    public void watch(CallWatcher watcher) {
        watchers.add(watcher);
    }

    public void unwatch(CallWatcher watcher) {
        watchers.remove(watcher);
    }

    /** A new call for a relay INVITE; null when a call with that Call-ID already exists. */
    Call open(String relaySipCallId, String relayTransport) {
        Call call = new Call(newCallId(), pool, relaySipCallId, relayTransport, clock, this::changed);
        if (legsBySipCallId.putIfAbsent(relaySipCallId, call.relay()) != null) {
            return null;
        }
        calls.put(call.id(), call);
        return call;
    }

    /**
     * A call another node set up, under its own id, to be taken up here ({@link CallAdoption}): not in the registry
     * until {@link #admitAdopted} puts it there with its legs.
     */
    Call adopted(String callId, String relaySipCallId, String relayTransport, Instant offeredAt) {
        return new Call(callId, pool, relaySipCallId, relayTransport, clock, this::changed, offeredAt);
    }

    /** Puts a call taken up here into the registry with its legs; false when this node knows it already. */
    boolean admitAdopted(Call call) {
        if (legsBySipCallId.putIfAbsent(call.relay().sipCallId(), call.relay()) != null) {
            return false;
        }
        if (call.queue() != null) {
            legsBySipCallId.put(call.queue().sipCallId(), call.queue());
        }
        calls.put(call.id(), call);
        return true;
    }

    /**
     * Tells the watchers of a call taken up here ({@link CallAdoption}): it changed state before it joined the
     * registry, so they have not heard of it on this node. Runs on the call's executor.
     */
    void announce(Call call) {
        if (!watchers.isEmpty() && calls.containsKey(call.id())) {
            CallSnapshot snapshot = CallSnapshot.of(call, null);
            watchers.forEach(w -> tell(() -> w.changed(snapshot)));
        }
    }

    void bind(Leg leg) {
        legsBySipCallId.put(leg.sipCallId(), leg);
    }

    public Optional<Leg> leg(String sipCallId) {
        return Optional.ofNullable(legsBySipCallId.get(sipCallId));
    }

    public Optional<Call> call(String id) {
        return Optional.ofNullable(calls.get(id));
    }

    public Collection<Call> active() {
        return List.copyOf(calls.values());
    }

    public int size() {
        return calls.size();
    }

    /**
     * Removes a finished call and its legs; runs on the call's executor. The watchers hear of its end before it
     * leaves the registry, whatever becomes of its dialogs: a stop waits for the registry to empty and then closes
     * the call records, so a call gone from it must already be recorded (docs/availability.md).
     */
    void close(Call call) {
        if (!calls.containsKey(call.id())) {
            return;
        }
        for (Leg leg : call.legs()) {
            legsBySipCallId.remove(leg.sipCallId(), leg);
            deleteDialog(leg);
        }
        onFinished.forEach(listener -> listener.accept(call));
        if (!watchers.isEmpty()) {
            CallSnapshot snapshot = CallSnapshot.of(call, clock.instant());
            watchers.forEach(w -> tell(() -> w.finished(snapshot)));
        }
        calls.remove(call.id());
    }

    /**
     * Lets a confirmed call go from this node without ending it: another node of the cluster takes it up from its
     * replica when this one has left (docs/cluster.md, "Drain"). Nobody is told — its record stays in progress and
     * its replica stays for the node that finishes it — and its dialogs stay with the stack, which stops next.
     * Runs on the call's executor.
     */
    void handOver(Call call) {
        if (calls.remove(call.id()) == null) {
            return;
        }
        for (Leg leg : call.legs()) {
            legsBySipCallId.remove(leg.sipCallId(), leg);
        }
    }

    /**
     * Lets go of a confirmed call another node of the cluster carries now (it took the call up from its replica;
     * {@link CallOwnership}): its dialogs leave this stack unended, its legs count as released so that no timer of
     * this node's sends in them again, and the watchers hear that it left this node, not that it ended — the node
     * that carries it finishes its record. Runs on the call's executor.
     */
    void yieldTo(Call call, String node) {
        if (calls.remove(call.id()) == null) {
            return;
        }
        for (Leg leg : call.legs()) {
            legsBySipCallId.remove(leg.sipCallId(), leg);
            leg.released(true);
            deleteDialog(leg);
        }
        onYielded.forEach(listener -> listener.accept(call));
        if (!watchers.isEmpty()) {
            CallSnapshot snapshot = CallSnapshot.of(call, null);
            watchers.forEach(w -> tell(() -> w.movedTo(snapshot, node)));
        }
    }

    /**
     * Removes a call no one is told of: a stranger's refused INVITE beyond its sample (docs/trust-and-floods.md) is
     * counted, not logged, recorded or shown. Runs on the call's executor.
     */
    void discard(Call call) {
        if (calls.remove(call.id()) == null) {
            return;
        }
        for (Leg leg : call.legs()) {
            legsBySipCallId.remove(leg.sipCallId(), leg);
            deleteDialog(leg);
        }
    }

    private void changed(Call call) {
        if (!onChange.isEmpty()) {
            onChange.forEach(listener -> tell(() -> listener.accept(call)));
        }
        // the end is told once, by close(), with the outcome
        if (watchers.isEmpty() || call.state() == CallState.ENDED || !calls.containsKey(call.id())) {
            return;
        }
        CallSnapshot snapshot = CallSnapshot.of(call, null);
        watchers.forEach(w -> tell(() -> w.changed(snapshot)));
    }

    // a watcher's mistake must not break the call it watches
    private static void tell(Runnable notification) {
        try {
            notification.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "call watcher failed", e);
        }
    }

    /**
     * A dialog that is not over by now never will be (an attempt that got no answer, an early dialog):
     * the stack would keep it for ever, so it goes with its call.
     */
    private static void deleteDialog(Leg leg) {
        Dialog dialog = leg.dialog();
        if (dialog == null) {
            return;
        }
        try {
            if (dialog.getState() != DialogState.TERMINATED) {
                dialog.delete();
            }
            // the stack keeps an ended dialog for its last transaction's timers (32 s after a BYE over UDP, RFC 3261
            // §17.2.2): it must not keep the call with it, or the live heap grows with the call rate times 32 s
            dialog.setApplicationData(null);
            AckWaitRelease.release(dialog);
        } catch (RuntimeException | LinkageError e) {
            // the call has ended all the same, and must still be told and recorded
            LOG.log(Level.WARNING, leg.call().id() + " its " + leg.role() + " dialog could not be let go", e);
        }
    }

    private static String newCallId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "rb-" + HexFormat.of().formatHex(bytes);
    }
}
