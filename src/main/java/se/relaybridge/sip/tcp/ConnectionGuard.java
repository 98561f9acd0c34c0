package se.relaybridge.sip.tcp;

import se.relaybridge.runtime.DaemonThreads;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Keeps TCP and TLS clients within {@link TcpLimits}, both transports counted together: counts the accepted connections in total and per source address and
 * refuses one over a limit at accept, so that a reader thread per connection stays bounded by the limits, not by
 * what a client opens; once a second it closes strangers' connections that delivered no whole message for
 * {@code strangerIdleSeconds} (a slowloris trickling bytes). The stack's own read timeout closes a message left
 * half-sent for {@code headerTimeoutSeconds} (docs/availability.md). Shared by the stack's accept thread, the
 * connections' reader threads and this audit thread, hence the concurrent maps.
 */
public final class ConnectionGuard {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());

    private final TcpLimits limits;
    private final Predicate<InetAddress> trunkSource;
    private final Map<GuardedConnection, Boolean> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong idleClosed = new AtomicLong();
    private final AtomicLong closedSoFar = new AtomicLong();
    private ScheduledExecutorService audit;
    private int listeningPoints;

    /** {@code trunkSource} tells a relay trunk's address (higher per-source limit, never closed for idling). */
    public ConnectionGuard(TcpLimits limits, Predicate<InetAddress> trunkSource) {
        this.limits = limits;
        this.trunkSource = trunkSource;
    }

    /** Whether a client just accepted from {@code source} may stay; counts it when it may. */
    boolean admit(InetAddress source) {
        boolean trunk = trunkSource.test(source);
        int perSourceLimit = trunk ? limits.connectionsPerTrunkSource() : limits.connectionsPerSource();
        boolean[] admitted = {false};
        perSource.compute(source, (address, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perSourceLimit || open.size() >= limits.connections()) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            long total = refused.incrementAndGet();
            if (total == 1 || total % 1000 == 0) {
                LOG.warning(() -> "TCP/TLS: connection refused at accept (" + (trunk ? "trunk " : "") + "source over "
                        + perSourceLimit + " connections, or " + limits.connections() + " in all); " + total
                        + " refused so far");
            }
            return false;
        }
        return true;
    }

    void opened(GuardedConnection channel) {
        open.put(channel, Boolean.TRUE);
    }

    void closed(GuardedConnection channel) {
        if (open.remove(channel) != null) {
            closedSoFar.incrementAndGet();
            perSource.computeIfPresent(channel.source(), (address, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** A listening point (TCP or TLS) starts: the once-a-second audit runs until the last one stops. */
    synchronized void start() {
        listeningPoints++;
        if (audit != null) {
            return;
        }
        audit = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("relaybridge-tcp-guard"));
        audit.scheduleWithFixedDelay(this::audit, 1, 1, TimeUnit.SECONDS);
    }

    synchronized void stop() {
        listeningPoints = Math.max(0, listeningPoints - 1);
        if (listeningPoints == 0 && audit != null) {
            audit.shutdownNow();
            audit = null;
        }
    }

    // a half-sent message is the stack's own read timeout's (see headerTimeout): this closes the strangers that
    // complete no message, however slowly they trickle bytes
    private void audit() {
        long now = System.nanoTime();
        long idle = limits.strangerIdle().toNanos();
        for (GuardedConnection channel : open.keySet()) {
            if (!channel.isOpen()) {
                closed(channel);
            } else if (!trunkSource.test(channel.source()) && channel.silentFor(now) > idle) {
                idleClosed.incrementAndGet();
                channel.close();
            }
        }
    }

    /** Closes the open connections {@code which} selects (a listening point that stops closes its own). */
    void closeAll(Predicate<GuardedConnection> which) {
        for (GuardedConnection channel : open.keySet()) {
            if (which.test(channel)) {
                channel.close();
            }
        }
    }

    /** Accepted TCP/TLS connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** Accepted connections closed since the start, for whatever reason. */
    public long closed() {
        return closedSoFar.get();
    }

    /** Connections closed at accept because a limit was reached. */
    public long refused() {
        return refused.get();
    }

    /** Strangers' connections closed after {@code strangerIdleSeconds} without a whole message. */
    public long idleClosed() {
        return idleClosed.get();
    }
}
