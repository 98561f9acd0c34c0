package se.relaybridge.board;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the deployed app in the board's browser test: serves {@code src/main/webapp} under
 * {@code /relaybridge/} (so the page's relative URLs are exercised under a context root) and plays
 * {@code api/board/events} to the board's event contract, sending exactly what the test puts in {@link #events}.
 */
final class BoardStreamServer implements AutoCloseable {

    static final String CONTEXT = "/relaybridge/";
    /** Put in {@link #events} to end the current stream the way a server restart or a proxy timeout would. */
    static final String CLOSE = "\u0000close";

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "ico", "image/x-icon");

    /** What the current stream sends, in order: a deque, so a stream that was superseded can hand its item back. */
    final LinkedBlockingDeque<String> events = new LinkedBlockingDeque<>();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path webapp;
    private final String authorization;
    private final AtomicInteger latestStream = new AtomicInteger();
    private final AtomicInteger streamsOpened = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private BoardStreamServer(Path webapp, String user, String password) throws IOException {
        this.webapp = webapp.toAbsolutePath().normalize();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        // streams hold their thread for as long as the page listens, so the pool must grow
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "board-test-http");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(CONTEXT, this::serveFile);
        server.createContext(CONTEXT + "api/board/events", this::serveEvents);
        server.setExecutor(executor);
        server.start();
    }

    static BoardStreamServer start(Path webapp, String user, String password) {
        try {
            return new BoardStreamServer(webapp, user, password);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the board's test HTTP server", e);
        }
    }

    URI boardUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CONTEXT);
    }

    void send(String event, String json) {
        events.add("event: " + event + "\ndata: " + json + "\n\n");
    }

    void closeStream() {
        events.add(CLOSE);
    }

    int streamsOpened() {
        return streamsOpened.get();
    }

    int refusedLogins() {
        return refused.get();
    }

    /** Between tests: every open stream stops taking events and nothing queued is left over. */
    void reset() {
        latestStream.incrementAndGet();
        events.clear();
        streamsOpened.set(0);
        refused.set(0);
    }

    private void serveEvents(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"relaybridge\", charset=\"UTF-8\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            int mine = latestStream.incrementAndGet();
            streamsOpened.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            write(out, ": connected\n\n");
            stream(out, mine);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(OutputStream out, int mine) throws IOException, InterruptedException {
        for (;;) {
            String item = events.pollFirst(100, TimeUnit.MILLISECONDS);
            if (latestStream.get() != mine) {
                if (item != null) {
                    events.offerFirst(item);   // the page reconnected: the newer stream sends it
                }
                return;
            }
            if (CLOSE.equals(item)) {
                return;
            }
            if (item != null) {
                write(out, item);
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();   // one chunk per event: the page must see it now, not when a buffer fills
    }

    private void serveFile(HttpExchange exchange) throws IOException {
        try (exchange) {
            String relative = exchange.getRequestURI().getPath().substring(CONTEXT.length() - 1).replaceFirst("^/", "");
            Path file = webapp.resolve(relative.isEmpty() ? "index.html" : relative).normalize();
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(webapp)
                    || file.startsWith(webapp.resolve("WEB-INF")) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        latestStream.incrementAndGet();
        server.stop(0);
        executor.shutdownNow();
    }
}
