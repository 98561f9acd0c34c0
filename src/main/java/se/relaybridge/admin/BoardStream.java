package se.relaybridge.admin;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import se.relaybridge.board.BoardFeed;
import se.relaybridge.board.EdgeView;
import se.relaybridge.call.B2buaStarted;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live board's server-sent events. Calls tell the {@link BoardFeed} on their own executors; every write to a
 * browser happens on one board thread instead, so a slow or stalled browser can hold up the board and never a call.
 * If the board thread falls far behind, the oldest events are dropped (the next snapshot repairs the view).
 */
@ApplicationScoped
public class BoardStream {

    private static final Logger LOG = Logger.getLogger(BoardStream.class.getName());
    private static final long HEARTBEAT_SECONDS = 15;

    private final BoardFeed feed = new BoardFeed();
    private final Set<SseEventSink> sinks = ConcurrentHashMap.newKeySet();
    private final Jsonb jsonb = JsonbBuilder.create();
    private final ThreadPoolExecutor board = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000), runnable -> daemon(runnable, "relaybridge-board"),
            new ThreadPoolExecutor.DiscardOldestPolicy());
    private final ScheduledExecutorService heartbeat =
            Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "relaybridge-board-heartbeat"));
    private volatile Sse sse;

    void onStart(@Observes B2buaStarted started) {
        started.b2bua().registry().watch(feed);
        // in a cluster: every node's calls (docs/cluster.md, "One view of the cluster")
        if (started.b2bua().sharedCalls() != se.relaybridge.call.SharedCalls.NONE) {
            feed.clusterWide();
            started.b2bua().sharedCalls().follow(feed);
        }
        feed.subscribe(event -> board.execute(() -> broadcast(event.name(), event.call())));
        // scheduled callbacks: the list as it is now, then every change (the records' store may attach later)
        feed.subscribeCallbacks(list -> board.execute(() -> broadcast("callbacks", list)));
        started.b2bua().callbacks().watch(feed::callbacks);
        try {
            feed.callbacks(started.b2bua().callbacks().list(50));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the board starts without the scheduled callbacks", e);
        }
        heartbeat.scheduleWithFixedDelay(() -> board.execute(this::ping), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
        // the flood guard's bans: read once a second off every SIP thread, told only when they changed
        feed.subscribeEdge(view -> board.execute(() -> broadcast("edge", view)));
        heartbeat.scheduleWithFixedDelay(() -> feed.edge(EdgeView.of(started.b2bua().edge())), 1, 1, TimeUnit.SECONDS);
    }

    public BoardFeed feed() {
        return feed;
    }

    /** A new browser: the whole picture first, then every change, in order. */
    void connect(SseEventSink sink, Sse sse) {
        this.sse = sse;
        board.execute(() -> {
            send(sink, event("snapshot", feed.snapshot()));
            sinks.add(sink);
        });
    }

    private void broadcast(String name, Object data) {
        if (sinks.isEmpty()) {
            return;
        }
        OutboundSseEvent event = event(name, data);
        sinks.forEach(sink -> send(sink, event));
    }

    private void ping() {
        if (sse != null) {
            OutboundSseEvent comment = sse.newEventBuilder().comment("ping").build();
            sinks.forEach(sink -> send(sink, comment));
        }
    }

    private OutboundSseEvent event(String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(jsonb.toJson(data)).build();
    }

    private void send(SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            sinks.remove(sink);
            return;
        }
        try {
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    sinks.remove(sink);
                    sink.close();
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "board browser gone", e);
            sinks.remove(sink);
        }
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
        board.shutdownNow();
        sinks.forEach(SseEventSink::close);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
