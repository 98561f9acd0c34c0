package se.relaybridge.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * rtpengine's ng control protocol over UDP (docs/media.md): a datagram {@code <cookie> <bencoded dictionary>}, the
 * reply repeating the cookie. Never blocks its caller: each command is a future, completed by one receiving thread.
 * A command unanswered for {@code interval} is sent again with the same cookie — rtpengine answers a cookie it has
 * seen from its cache, so an offer lost on the way is not made twice — and fails after {@code attempts} sendings.
 */
public final class NgClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NgClient.class.getName());
    /** The largest datagram: an offer's reply carries a whole SDP. */
    private static final int MAX_DATAGRAM = 65_507;

    private final SocketAddress engine;
    private final Duration interval;
    private final int attempts;
    private final DatagramChannel channel;
    private final ScheduledExecutorService timers;
    private final Thread receiver;
    private final String cookiePrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    /** A command sent and not yet answered; {@code resend} is its next sending, set by the timer thread. */
    private record Pending(CompletableFuture<Map<String, Object>> reply, String command,
                           AtomicReference<ScheduledFuture<?>> resend) {
    }

    /** A client of the rtpengine at {@code engine}, sending from an ephemeral port of {@code localAddress}. */
    public NgClient(InetSocketAddress engine, String localAddress, Duration interval, int attempts) throws IOException {
        this.engine = engine;
        this.interval = interval;
        this.attempts = attempts;
        this.channel = DatagramChannel.open().bind(new InetSocketAddress(localAddress, 0));
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rtpengine-ng-timer"));
        this.receiver = daemon(this::receive, "rtpengine-ng-receiver");
        receiver.start();
    }

    /**
     * Sends {@code command} (its {@code command} key names it: {@code ping}, {@code offer}, {@code answer},
     * {@code delete}, {@code query}…); the future holds the reply's dictionary when its {@code result} is {@code ok}
     * (or {@code pong}), and fails with {@link NgException} on an {@code error} result, no reply or a broken one.
     */
    public CompletableFuture<Map<String, Object>> command(Map<String, ?> command) {
        String name = String.valueOf(command.get("command"));
        String cookie = cookiePrefix + "_" + sequence.incrementAndGet();
        byte[] body = Bencode.encode(command);
        byte[] head = (cookie + " ").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer datagram = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        Pending entry = new Pending(reply, name, new AtomicReference<>());
        pending.put(cookie, entry);
        reply.whenComplete((r, e) -> {
            pending.remove(cookie);
            ScheduledFuture<?> resend = entry.resend().get();
            if (resend != null) {
                resend.cancel(false);
            }
        });
        send(cookie, datagram, 1);
        return reply;
    }

    private void send(String cookie, ByteBuffer datagram, int sending) {
        Pending entry = pending.get(cookie);
        if (entry == null) {
            return; // answered meanwhile
        }
        if (sending > attempts) {
            entry.reply().completeExceptionally(new NgException("rtpengine did not answer " + entry.command()
                    + " (" + attempts + " sendings, " + interval.toMillis() + " ms apart)"));
            return;
        }
        try {
            channel.send(datagram.duplicate(), engine);
            entry.resend().set(timers.schedule(() -> send(cookie, datagram, sending + 1), interval.toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (IOException | RuntimeException e) {
            entry.reply().completeExceptionally(new NgException("rtpengine: " + entry.command() + " not sent: " + e));
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                byte[] data = Arrays.copyOf(buffer.array(), buffer.limit());
                answer(data);
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "rtpengine: a reply could not be read", e);
            }
        }
    }

    private void answer(byte[] data) {
        int space = indexOf(data, (byte) ' ');
        if (space <= 0) {
            LOG.warning("rtpengine: a reply without a cookie (" + data.length + " bytes) ignored");
            return;
        }
        Pending entry = pending.get(new String(data, 0, space, StandardCharsets.US_ASCII));
        if (entry == null) {
            return; // the answer to a retransmission of a command already answered
        }
        try {
            if (!(Bencode.decode(data, space + 1, data.length) instanceof Map<?, ?> map)) {
                throw new NgException("rtpengine's reply to " + entry.command() + " is no dictionary");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> reply = (Map<String, Object>) map;
            Object result = reply.get("result");
            if ("ok".equals(result) || "pong".equals(result)) {
                entry.reply().complete(reply);
            } else {
                entry.reply().completeExceptionally(new NgException("rtpengine refused " + entry.command() + ": "
                        + result + (reply.containsKey("error-reason") ? " (" + reply.get("error-reason") + ")" : "")));
            }
        } catch (RuntimeException e) {
            entry.reply().completeExceptionally(e instanceof NgException ? e
                    : new NgException("rtpengine's reply to " + entry.command() + " is broken: " + e.getMessage()));
        }
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Fails what is still waiting, and stops the client's two threads. */
    @Override
    public void close() throws IOException {
        channel.close();
        timers.shutdownNow();
        pending.values().forEach(p -> p.reply().completeExceptionally(new NgException("rtpengine client closed")));
        try {
            receiver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A command rtpengine refused, did not answer, or answered with something unreadable. */
    public static final class NgException extends RuntimeException {
        public NgException(String message) {
            super(message);
        }
    }
}
