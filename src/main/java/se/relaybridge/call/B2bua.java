package se.relaybridge.call;

import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.callback.InMemoryCallbackTokens;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.relay.ProfileEditor;
import se.relaybridge.relay.ProfileStore;
import se.relaybridge.relay.ReloadResult;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.Router;
import se.relaybridge.routing.RoutingStore;
import se.relaybridge.routing.TargetHealth;
import se.relaybridge.sip.SipContext;
import se.relaybridge.sip.SipSettings;
import se.relaybridge.sip.SipStackRunner;
import se.relaybridge.config.JsonConfigReader;

import javax.sip.SipException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * relaybridge's SIP side put together: configuration read from one {@link ConfigLocation}, the stack
 * started with the B2BUA listener, and the registry of calls. The same object runs in Payara and in the
 * in-JVM tests.
 */
public final class B2bua {

    private static final Logger LOG = Logger.getLogger(B2bua.class.getName());

    private final SipStackRunner runner = new SipStackRunner();
    private final CallRegistry registry;
    private final SipSettings settings;
    private final Properties stackProperties;
    private final Executor pool;
    private final Clock clock;
    private final ProfileStore profiles;
    private final ProfileEditor profileEditor;
    private volatile CallbackTokens callbackTokens = new InMemoryCallbackTokens();
    private volatile AnswerJournal answerJournal = AnswerJournal.NONE;
    private final RoutingStore routing;
    private final Router router;
    private volatile QueueDirectory queues;
    private final TargetHealth health = new TargetHealth();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relaybridge-timers");
        thread.setDaemon(true);
        return thread;
    });
    private B2buaListener listener;
    private final se.relaybridge.callback.CallbackSettings callbackSettings;
    private CallbackScheduler callbackScheduler;
    private LeakSweep leakSweep;
    private boolean stopped;
    private final SipEdge edge;
    private final java.util.List<Runnable> afterStop = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final long SWEEP_INTERVAL_SECONDS = 60;

    private B2bua(ConfigLocation config, Executor pool, Clock clock) {
        Path sipJson = config.sipConfig("sip.json");
        String sipName = config.displayName(sipJson);
        this.settings = JsonConfigReader.read(sipJson, sipName, SipSettings.class).validated(sipName)
                .withOverridesFrom(sipName).withTlsStoresIn(sipJson.getParent(), sipName);
        this.stackProperties = readStackProperties(config);
        this.queues = QueueDirectory.load(config);
        this.routing = new RoutingStore(config, () -> queues.queues().keySet());
        this.router = new Router(routing::current, clock);
        this.profiles = new ProfileStore(config);
        this.profileEditor = new ProfileEditor(config);
        this.profiles.current().problems().forEach(p -> LOG.severe("relay profile refused: " + p.getMessage()));
        this.pool = pool;
        this.registry = new CallRegistry(pool, clock);
        this.registry.onFinished(new CallLog(clock));
        this.clock = clock;
        this.callbackSettings = se.relaybridge.callback.CallbackSettings.load(config);
        this.edge = new SipEdge(settings, profiles::current, () -> queues, System::nanoTime);
        LOG.info(() -> "configuration from " + config.description() + ": relay profiles "
                + profiles.current().byId().keySet() + ", queues " + queues.queues().keySet());
    }

    /** Reads the configuration and starts listening; throws {@link ConfigProblem} or SipException when it cannot. */
    public static B2bua start(ConfigLocation config, Executor pool, Clock clock) throws SipException {
        B2bua b2bua = new B2bua(config, pool, clock);
        try {
            b2bua.runner.start(b2bua.settings, b2bua.stackProperties,
                    address -> b2bua.profiles.current().match(address).isPresent(), sip -> b2bua.listener = new B2buaListener(sip,
                    b2bua.registry, b2bua.pool, b2bua.timers, b2bua.clock, b2bua.profiles::current, () -> b2bua.queues, b2bua.router, b2bua.health,
                    b2bua::callbackTokens, b2bua::answerJournal, b2bua.edge));
        } catch (SipException | RuntimeException e) {
            b2bua.timers.shutdownNow();
            throw e;
        }
        b2bua.listener.startPinging();
        b2bua.callbackScheduler = new CallbackScheduler(b2bua.clock, b2bua.callbackSettings, b2bua::callbackTokens,
                b2bua.profiles::current, b2bua.listener.thirdParty());
        b2bua.callbackScheduler.start();
        b2bua.startLeakSweep();
        b2bua.timers.scheduleWithFixedDelay(b2bua.edge::logStrangerSummary, b2bua.edge.sampleSeconds(),
                b2bua.edge.sampleSeconds(), TimeUnit.SECONDS);
        // a changed relay-profiles/ folder is read again within seconds; calls in progress keep their profile
        if (b2bua.settings.configWatchSeconds() > 0) {
            java.time.Duration interval = java.time.Duration.ofSeconds(b2bua.settings.configWatchSeconds());
            b2bua.profiles.startWatching(b2bua.timers, interval);
            b2bua.routing.startWatching(b2bua.timers, interval);
        }
        return b2bua;
    }

    private void startLeakSweep() {
        leakSweep = new LeakSweep(runner.context().provider(), registry, listener::pingsInFlight);
        timers.scheduleWithFixedDelay(() -> {
            LeakReport report = leakSweep.sweep();
            if (report.orphanDialogs() > 0) {
                LOG.warning("leak sweep: " + report);
            }
        }, SWEEP_INTERVAL_SECONDS, SWEEP_INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    /** Runs the leak sweep now and tells what it found. */
    public LeakReport leakReport() {
        return leakSweep.sweep();
    }

    /** Reads relay-profiles/ again now (the watcher does this on its own when a file changes). */
    public ReloadResult reloadProfiles() {
        return profiles.reload();
    }

    /**
     * Stops relaybridge without losing a call silently: new calls are refused, every call in progress is ended on
     * both legs and recorded (within {@code shutdownGraceSeconds} of sip.json), then the stack stops. Safe to call
     * more than once, from any thread but a SIP one: the second call waits for the first.
     */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (callbackScheduler != null) {
            callbackScheduler.stop();
        }
        profiles.stopWatching();
        routing.stopWatching();
        if (listener != null) {
            new CallDrain(registry, listener).run(settings.shutdownGrace());
        }
        timers.shutdownNow();
        runner.stop();
        for (Runnable then : afterStop) {
            try {
                then.run();
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "a step after the stop failed", e);
            }
        }
    }

    /** Runs {@code then} at the end of {@link #stop()}, after every call has ended (the records' last writes). */
    public void afterStop(Runnable then) {
        afterStop.add(then);
    }

    /** The flood guard and the strangers' counts (docs/trust-and-floods.md). */
    public SipEdge edge() {
        return edge;
    }

    /** What the OPTIONS pings say of each queue target. */
    public TargetHealth targetHealth() {
        return health;
    }

    public boolean isListening() {
        return runner.isListening();
    }

    public CallRegistry registry() {
        return registry;
    }

    public ProfileSet profiles() {
        return profiles.current();
    }

    /** Changes relay profile files on an operator's request (check, write, delete); reload afterwards. */
    public ProfileEditor profileEditor() {
        return profileEditor;
    }

    /** Where callback grants are kept; in memory until a persistent store is attached. */
    public CallbackTokens callbackTokens() {
        return callbackTokens;
    }

    public void callbackTokens(CallbackTokens tokens) {
        this.callbackTokens = tokens;
    }

    /** Where an answered call is made durable before the relay hears the answer; none until records attach one. */
    public AnswerJournal answerJournal() {
        return answerJournal;
    }

    public void answerJournal(AnswerJournal journal) {
        this.answerJournal = journal;
    }

    /** Scheduled callbacks (issue 7): kept in memory until {@link #scheduledCallbacks} attaches the database. */
    public CallbackScheduler callbacks() {
        return callbackScheduler;
    }

    /** Keeps scheduled callbacks in {@code store} and takes up the pending ones it holds. */
    public void scheduledCallbacks(se.relaybridge.callback.ScheduledCallbacks store) {
        callbackScheduler.attach(store);
    }

    /** Ends a call in progress on both legs, as an operator asked; false when there is no such call. */
    public boolean hangUp(String callId) {
        return registry.call(callId).map(call -> {
            listener.hangUp(call);
            return true;
        }).orElse(false);
    }

    /** Routes as a call would be routed now, without placing one (the explain endpoint). */
    public Router router() {
        return router;
    }

    /** The routing table in force. */
    public se.relaybridge.routing.RoutingTable routingTable() {
        return routing.current();
    }

    /** Reads routing.json again now; on a problem the table in force stays. */
    public RoutingStore.Reload reloadRouting() {
        return routing.reload();
    }

    public QueueDirectory queues() {
        return queues;
    }

    /** Counts of the TCP connection limits (refused, timed out, open). */
    public se.relaybridge.sip.tcp.ConnectionGuard connectionGuard() {
        return runner.connectionGuard();
    }

    public SipContext sip() {
        return runner.context();
    }

    private static Properties readStackProperties(ConfigLocation config) {
        Path file = config.sipConfig("stack.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            LOG.info("no " + config.displayName(file) + ": JAIN SIP defaults apply");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigProblem(config.displayName(file), "(file)", "cannot be read: " + e.getMessage(), e);
        }
        return properties;
    }
}
