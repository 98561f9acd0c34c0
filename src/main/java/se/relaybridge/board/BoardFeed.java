package se.relaybridge.board;

import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallWatcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the live board shows: every call in progress and the last {@value #RECENT} that ended (refused and failed
 * ones included), kept from the calls' own snapshots. Subscribers hear each change; they are told on the call's
 * executor, so a subscriber must hand the event off (as {@code BoardStream} does).
 */
public final class BoardFeed implements CallWatcher {

    static final int RECENT = 20;

    /** One change for subscribers: {@code call} (new or changed) or {@code ended}. */
    public record Event(String name, CallView call) {
    }

    /** Everything shown now: first thing a new subscriber gets. */
    public record Snapshot(List<CallView> calls, List<CallView> recent, List<ScheduledCallbackView> callbacks,
                           EdgeView edge) {
    }

    private final Map<String, CallSnapshot> active = new LinkedHashMap<>();
    private final Deque<CallSnapshot> recent = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<ScheduledCallbackView>>> callbackSubscribers = new CopyOnWriteArrayList<>();
    private List<ScheduledCallbackView> callbacks = List.of();
    private final List<Consumer<EdgeView>> edgeSubscribers = new CopyOnWriteArrayList<>();
    private EdgeView edge = EdgeView.QUIET;
    private volatile boolean clusterWide;

    public void subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<Event> subscriber) {
        subscribers.remove(subscriber);
    }

    @Override
    public void changed(CallSnapshot call) {
        CallView view = CallView.of(call);
        CallSnapshot before;
        synchronized (this) {
            before = active.put(call.callId(), call);
        }
        // a step the board cannot show (early dialog → ringing again, ACK → still answered) is not news
        if (before == null || !CallView.of(before).equals(view)) {
            publish(new Event("call", view));
        }
    }

    @Override
    public void finished(CallSnapshot call) {
        synchronized (this) {
            active.remove(call.callId());
            recent.addFirst(call);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        publish(new Event("ended", CallView.of(call)));
    }

    /**
     * The call goes on at another node of the cluster. A board of this node's calls only drops it (event
     * {@code moved}); a board of the whole cluster keeps it, and hears of it from the node that carries it now.
     * {@code node} null: gone from the cluster's calls with no end seen (its node died while setting it up).
     */
    @Override
    public void movedTo(CallSnapshot call, String node) {
        if (clusterWide && node != null) {
            return;
        }
        CallSnapshot removed;
        synchronized (this) {
            removed = active.remove(call.callId());
        }
        if (removed != null) {
            publish(new Event("moved", CallView.of(call)));
        }
    }

    /** From now on this board shows every node's calls (docs/cluster.md, "One view of the cluster"). */
    public void clusterWide() {
        clusterWide = true;
    }

    /** The calls in progress, newest first, with their relay metadata and route (for the admin API). */
    public synchronized List<CallSnapshot> activeCalls() {
        List<CallSnapshot> calls = new ArrayList<>(active.values());
        calls.sort(Comparator.comparing(CallSnapshot::offeredAt).reversed());
        return calls;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(activeCalls().stream().map(CallView::of).toList(),
                recent.stream().map(CallView::of).toList(), callbacks, edge);
    }

    /**
     * Hears the whole list of scheduled callbacks whenever one changes (event {@code callbacks}): the list is short,
     * so it is sent whole instead of as changes.
     */
    public void subscribeCallbacks(Consumer<List<ScheduledCallbackView>> subscriber) {
        callbackSubscribers.add(subscriber);
    }

    /** The scheduler's list changed (unfinished first); told on the scheduler's thread. */
    public void callbacks(List<se.relaybridge.callback.ScheduledCallback> list) {
        List<ScheduledCallbackView> views = list.stream().map(ScheduledCallbackView::of).toList();
        synchronized (this) {
            callbacks = views;
        }
        callbackSubscribers.forEach(s -> s.accept(views));
    }

    /** Hears the SIP edge's view (event {@code edge}) whenever it changes. */
    public void subscribeEdge(Consumer<EdgeView> subscriber) {
        edgeSubscribers.add(subscriber);
    }

    /** The SIP edge now (polled about once a second); subscribers hear it only when it changed. */
    public void edge(EdgeView now) {
        synchronized (this) {
            if (now.equals(edge)) {
                return;
            }
            edge = now;
        }
        edgeSubscribers.forEach(s -> s.accept(now));
    }

    private void publish(Event event) {
        subscribers.forEach(s -> s.accept(event));
    }
}
