package se.relaybridge.demo;

import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.relay.Cidr;
import se.relaybridge.relay.ProfileLoader;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.sip.SipSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Demo traffic in the same JVM as relaybridge: a {@link DemoDesk} on the default queue's first target and one
 * {@link DemoCaller} per relay profile on the trunk's address, so a newcomer sees calls of every kind on the board
 * with nothing else installed. Started by {@code -Drelaybridge.demo=true} ({@link DemoSwitch}); {@link #stop()}
 * ends the calls and frees every port and thread it took.
 */
public final class DemoMode {

    private static final Logger LOG = Logger.getLogger(DemoMode.class.getName());
    /** How long stop() waits for the calls it ends to be answered before it closes the stacks regardless. */
    private static final long STOP_GRACE_MILLIS = 5_000;

    private final DemoDesk desk;
    private final List<DemoCaller> callers;
    private final ScheduledExecutorService timers;
    private final boolean ownTimers;
    private boolean stopped;

    private DemoMode(DemoDesk desk, List<DemoCaller> callers, ScheduledExecutorService timers, boolean ownTimers) {
        this.desk = desk;
        this.callers = callers;
        this.timers = timers;
        this.ownTimers = ownTimers;
    }

    /** Starts the demo when {@link DemoSwitch} is on; never throws, so relaybridge itself runs whatever happens here. */
    public static DemoMode startIfSwitchedOn(B2bua b2bua) {
        if (!DemoSwitch.isOn()) {
            return off();
        }
        try {
            SipSettings sip = b2bua.sip().settings();
            if (!sip.hasTransport("udp")) {
                LOG.warning("demo mode: relaybridge does not listen on UDP (sip.json), so there is no demo traffic");
                return off();
            }
            String host = anyAddress(sip.listenAddress()) ? "127.0.0.1" : sip.listenAddress();
            return start(DemoSettings.standard(), host + ":" + sip.port("udp"),
                    b2bua.queues().defaultQueueSpec().targets(), b2bua.profiles());
        } catch (RuntimeException e) {
            LOG.warning("demo mode cannot start: " + e.getMessage());
            return off();
        }
    }

    /** A handle that runs nothing. */
    public static DemoMode off() {
        return new DemoMode(null, List.of(), null, false);
    }

    /** As {@link #start(DemoSettings, String, List, ProfileSet)}, with the queues and profiles read from {@code config}. */
    public static DemoMode start(DemoSettings settings, ConfigLocation config, String relaybridge) {
        return start(settings, relaybridge, QueueDirectory.load(config).defaultQueueSpec().targets(), ProfileLoader.load(config));
    }

    /** As below, on timers of its own (daemon threads {@code relaybridge-demo-*}) that {@link #stop()} ends. */
    public static DemoMode start(DemoSettings settings, String relaybridge, List<String> queueTargets, ProfileSet profiles) {
        return start(settings, relaybridge, queueTargets, profiles, ownTimers(), true);
    }

    /**
     * Starts the desk on the first of {@code queueTargets} and a caller for every relay profile with a /32 trunk
     * source, calling relaybridge at {@code relaybridge} (host:port, UDP). A desk or caller that cannot listen is
     * left out with a WARNING. {@code timers} stays the caller's: {@link #stop()} cancels the demo's tasks on it only.
     */
    public static DemoMode start(DemoSettings settings, String relaybridge, List<String> queueTargets, ProfileSet profiles,
                                 ScheduledExecutorService timers) {
        return start(settings, relaybridge, queueTargets, profiles, timers, false);
    }

    private static DemoMode start(DemoSettings settings, String relaybridge, List<String> queueTargets, ProfileSet profiles,
                                  ScheduledExecutorService timers, boolean ownTimers) {
        RandomGenerator random = new Random();
        DemoDesk desk = null;
        if (queueTargets.isEmpty()) {
            LOG.warning("demo mode: the default queue has no target, so there is no demo desk");
        } else {
            try {
                desk = DemoDesk.start(queueTargets.get(0), settings, timers, random);
            } catch (IOException e) {
                LOG.warning("demo mode runs without a desk (a real queue may be there): " + e.getMessage());
            }
        }
        List<DemoCaller> callers = new ArrayList<>();
        for (RelayProfile profile : inServiceOrder(profiles)) {
            Optional<String> source = singleAddress(profile);
            if (source.isEmpty()) {
                LOG.warning("demo mode: relay profile " + profile.id() + " has no single-address (/32) trunk source, so no demo caller");
                continue;
            }
            try {
                callers.add(DemoCaller.start(profile, source.get(), relaybridge, settings, timers, random));
            } catch (IOException e) {
                LOG.warning("demo mode: no demo caller for relay profile " + profile.id() + ": " + e.getMessage());
            }
        }
        DemoMode demo = new DemoMode(desk, List.copyOf(callers), timers, ownTimers);
        String deskText = desk == null ? "none" : desk.hostPort();
        LOG.info(() -> "demo mode: desk on " + deskText + ", callers from "
                + callers.stream().map(DemoCaller::describe).collect(Collectors.joining(", "))
                + ", calling relaybridge at " + relaybridge + " (never switch demo mode on in production)");
        callers.forEach(DemoCaller::begin);
        return demo;
    }

    /**
     * Ends the calls in progress (BYE, or CANCEL while ringing), waits up to five seconds for them to be over so
     * relaybridge has nothing left of them, then closes the demo's stacks and, if they are its own, its timers.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        callers.forEach(DemoCaller::endCalls);
        if (desk != null) {
            awaitIdle(() -> callers.stream().mapToInt(DemoCaller::activeCalls).sum());
            desk.endCalls();
            awaitIdle(desk::activeCalls);
        }
        callers.forEach(DemoCaller::stop);
        if (desk != null) {
            desk.stop();
        }
        if (ownTimers) {
            timers.shutdownNow();
            try {
                timers.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (timers != null) {
            LOG.info("demo mode stopped");
        }
    }

    /** True when a desk or a caller is running. */
    public boolean running() {
        return !stopped && (desk != null || !callers.isEmpty());
    }

    private static void awaitIdle(java.util.function.IntSupplier activeCalls) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_GRACE_MILLIS);
        while (activeCalls.getAsInt() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<RelayProfile> inServiceOrder(ProfileSet profiles) {
        return profiles.byId().values().stream()
                .sorted(Comparator.comparing((RelayProfile p) -> p.relayService().ordinal()).thenComparing(RelayProfile::id))
                .toList();
    }

    /** The first IPv4 /32 of the trunk's sources: the address relaybridge recognises the trunk by. */
    private static Optional<String> singleAddress(RelayProfile profile) {
        if (profile.trunk() == null || profile.trunk().sources() == null
                || profile.trunk().transports() != null && !profile.trunk().transports().contains("udp")) {
            return Optional.empty();
        }
        for (String text : profile.trunk().sources()) {
            Optional<Cidr> cidr = Cidr.parse(text);
            if (cidr.isPresent() && cidr.get().prefixLength() == 32 && cidr.get().network().length == 4) {
                try {
                    return Optional.of(InetAddress.getByAddress(cidr.get().network()).getHostAddress());
                } catch (UnknownHostException e) {
                    // four bytes are always an address
                }
            }
        }
        return Optional.empty();
    }

    private static boolean anyAddress(String host) {
        return host == null || host.isBlank() || "0.0.0.0".equals(host) || "::".equals(host) || "[::]".equals(host);
    }

    private static ScheduledExecutorService ownTimers() {
        AtomicInteger n = new AtomicInteger();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "relaybridge-demo-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        return timers;
    }
}
