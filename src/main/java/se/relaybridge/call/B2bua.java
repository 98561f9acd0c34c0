package se.relaybridge.call;

import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.relay.ProfileEditor;
import se.relaybridge.relay.ProfileStore;
import se.relaybridge.relay.ReloadResult;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.QueueStore;
import se.relaybridge.config.ConfigChange;
import se.relaybridge.routing.Router;
import se.relaybridge.routing.RoutingStore;
import se.relaybridge.routing.TargetHealth;
import se.relaybridge.routing.TargetSelection;
import se.relaybridge.runtime.DaemonThreads;
import se.relaybridge.sip.SipContext;
import se.relaybridge.sip.SipSettings;
import se.relaybridge.sip.SipStackRunner;
import se.relaybridge.sip.SessionTimerSpec;
import se.relaybridge.config.JsonConfigReader;

import javax.sip.SipException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
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
    private final EngineParts parts;
    private final RoutingStore routing;
    private final Router router;
    private final QueueStore queueStore;
    private final TargetHealth health;
    private final TargetSelection targets;
    private final se.relaybridge.overload.NodeLag nodeLag;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("relaybridge-timers"));
    private B2buaListener listener;
    private final se.relaybridge.callback.CallbackSettingsStore callbackSettings;
    private CallbackScheduler callbackScheduler;
    private LeakSweep leakSweep;
    private boolean stopped;
    private CallDrain drain;
    private CallAdoption adoption;
    private CallReplication replication;
    private final SipEdge edge;
    private se.relaybridge.overload.LoadShedder shedder;
    private se.relaybridge.overload.HeapWatch heap;
    private static final long SWEEP_INTERVAL_SECONDS = 60;
    private static final long SHED_REPORT_SECONDS = 10;

    private B2bua(ConfigLocation config, Executor pool, Clock clock, EngineParts parts) {
        this.parts = parts;
        this.health = parts.targetHealth();
        Path sipJson = config.sipConfig("sip.json");
        String sipName = config.displayName(sipJson);
        knownFieldsOnly(sipJson, sipName, SipSettings.class);
        this.settings = JsonConfigReader.read(sipJson, sipName, SipSettings.class).validated(sipName)
                .withOverridesFrom(sipName).withTlsStoresIn(sipJson.getParent(), sipName);
        this.stackProperties = se.relaybridge.sip.StackProperties.read(config);
        this.queueStore = new QueueStore(config);
        this.routing = new RoutingStore(config, () -> queueStore.current().queues().keySet());
        this.queueStore.namedByRouting(() -> routing.current().queueIds());
        this.queueStore.onWatchedReload(r -> audit(ConfigChange.FILE_WATCH, "queues", r.changed(), r.problems(),
                r.before(), r.after()));
        this.routing.onWatchedReload(r -> audit(ConfigChange.FILE_WATCH, "routing", r.changed(), r.problems(),
                r.before(), r.after()));
        this.router = new Router(routing::current, clock);
        this.profiles = new ProfileStore(config);
        this.profiles.onWatchedReload(this::auditProfiles);
        this.profileEditor = new ProfileEditor(config);
        this.profiles.current().problems().forEach(p -> LOG.severe("relay profile refused: " + p.getMessage()));
        this.pool = pool;
        this.registry = new CallRegistry(pool, clock);
        this.registry.onFinished(new CallLog(clock));
        parts.watchers().forEach(registry::watch);
        if (parts.sharedCalls() != SharedCalls.NONE) {
            registry.watch(parts.sharedCalls());
        }
        this.clock = clock;
        this.nodeLag = new se.relaybridge.overload.NodeLag(runner.receiveLag()::millis,
                settings.overloadOrDefault().maxReceiveLagMillis(), System::nanoTime);
        this.targets = new TargetSelection(health, clock, nodeLag);
        this.callbackSettings = new se.relaybridge.callback.CallbackSettingsStore(config);
        this.callbackSettings.onWatchedReload(r -> audit(ConfigChange.FILE_WATCH, "callbacks", r.changed(), r.problems(),
                r.before(), r.after()));
        this.edge = new SipEdge(settings, parts.front(), profiles::current, queueStore::current, System::nanoTime);
        LOG.info(() -> "configuration from " + config.description() + ": relay profiles "
                + profiles.current().byId().keySet() + ", queues " + queueStore.current().queues().keySet());
    }

    /** Reads the configuration and starts listening, a node on its own with nothing attached (the in-JVM tests). */
    public static B2bua start(ConfigLocation config, Executor pool, Clock clock) throws SipException {
        return start(config, pool, clock, EngineParts.inMemory(), running -> { });
    }

    /**
     * Reads the configuration, builds the call engine from it and {@code parts}, and starts listening; throws
     * {@link ConfigProblem} or SipException when it cannot. {@code beforeListening} sees the whole engine before the
     * first SIP message is read (the board and the metrics start there); if it fails, calls flow all the same.
     */
    public static B2bua start(ConfigLocation config, Executor pool, Clock clock, EngineParts parts,
                              Consumer<B2bua> beforeListening) throws SipException {
        B2bua b2bua = new B2bua(config, pool, clock, parts);
        try {
            b2bua.runner.start(b2bua.settings, b2bua.stackProperties,
                    address -> b2bua.profiles.current().match(address).isPresent() || parts.front().isFront(address),
                    sip -> b2bua.assemble(sip, beforeListening));
        } catch (SipException | RuntimeException e) {
            b2bua.timers.shutdownNow();
            if (b2bua.callbackScheduler != null) {
                b2bua.callbackScheduler.stop();
            }
            throw e;
        }
        b2bua.run();
        return b2bua;
    }

    /**
     * The one place the call engine is put together (docs/architecture.md, "One composition root"), on the stack's
     * context before the stack starts: everything a message can reach exists before the first one is read.
     */
    private B2buaListener assemble(SipContext sip, Consumer<B2bua> beforeListening) {
        SipMessaging messaging = new SipMessaging(sip);
        SessionTimerSpec spec = settings.sessionTimer() == null ? SessionTimerSpec.DEFAULT : settings.sessionTimer();
        SessionTimerPolicy sessionTimerPolicy = new SessionTimerPolicy(
                java.time.Duration.ofSeconds(spec.sessionExpiresSeconds()), java.time.Duration.ofSeconds(spec.minSeSeconds()));
        LegRequests requests = new LegRequests(messaging, parts.front());
        CallTeardown teardown = new CallTeardown(messaging, requests, registry);
        SessionTimers sessionTimers = new SessionTimers(messaging, timers, clock, sessionTimerPolicy, teardown::endCall);
        ReliableProvisionals reliable = new ReliableProvisionals(messaging);
        Transfers transfers = new Transfers(messaging, registry, queueStore::current, targets, reliable, sessionTimers,
                timers, teardown, requests);
        teardown.onEnding(transfers::abandon);
        QueueDialer dialer = new QueueDialer(messaging, requests, registry, queueStore::current,
                new CallRouter(queueStore::current, router), new CallbackMinter(settings, clock, parts.callbackTokens()),
                targets, timers, sessionTimerPolicy);
        CallSignaling signaling = new CallSignaling(messaging, dialer, teardown, requests, sessionTimers, reliable,
                transfers, targets, new DurableAnswer(parts.answerJournal(), timers));
        TrunkCapacity capacity = new TrunkCapacity(parts.trunkSlots());
        registry.onFinished(capacity::release);
        registry.onYielded(capacity::release);
        CallAdmission admission = new CallAdmission(messaging, registry, profiles::current, dialer, signaling, capacity,
                new CallbackAdmission(parts.callbackTokens(), profiles::current, clock), edge);
        ThirdPartyCallback thirdParty = new ThirdPartyCallback(messaging, registry, sessionTimers, requests,
                sessionTimerPolicy, timers, clock);
        replication = CallReplication.attach(registry, parts.callReplicas(), parts.node());
        CallOwnership.attach(registry, parts.callReplicas(), parts.node());
        adoption = new CallAdoption(sip, registry, parts.callReplicas(), profiles::current, queueStore::current,
                sessionTimers, capacity, parts.node());
        listener = new B2buaListener(sip, registry, pool, messaging, admission, signaling,
                new TargetPinger(messaging, queueStore::current, targets, timers), thirdParty, adoption, edge);
        installOverloadGate();
        // made now: an undeploy may refuse to load a class for the first time, and the stop needs this one
        drain = new CallDrain(registry, listener, parts.callReplicas());
        callbackScheduler = new CallbackScheduler(clock, callbackSettings::current, parts.callbackTokens(),
                profiles::current, listener.thirdParty(), parts.scheduledCallbacks(),
                parts.callReplicas()::othersTakeOver, parts.node());
        leakSweep = new LeakSweep(sip.provider(), registry, listener::pingsInFlight);
        try {
            beforeListening.accept(this);
        } catch (RuntimeException e) {
            // calls still flow without a board or metrics; the operator sees why in the log
            LOG.log(Level.SEVERE, "a watcher of relaybridge's calls could not start", e);
        }
        return listener;
    }

    /** The engine's own clocks: lag, pings, due callbacks, the leak sweep, the strangers' summary, the file watch. */
    private void run() {
        nodeLag.start();
        listener.startPinging();
        callbackScheduler.start();
        timers.scheduleWithFixedDelay(this::sweepAndReport, SWEEP_INTERVAL_SECONDS, SWEEP_INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        timers.scheduleWithFixedDelay(edge::logStrangerSummary, edge.sampleSeconds(), edge.sampleSeconds(),
                TimeUnit.SECONDS);
        // a changed relay-profiles/ folder is read again within seconds; calls in progress keep their profile
        if (settings.configWatchSeconds() > 0) {
            java.time.Duration interval = java.time.Duration.ofSeconds(settings.configWatchSeconds());
            profiles.startWatching(timers, interval);
            routing.startWatching(timers, interval);
            queueStore.startWatching(timers, interval);
            callbackSettings.startWatching(timers, interval);
        }
    }

    /** Sheds what the node cannot carry before the stack does any work for it (docs/overload.md). */
    private void installOverloadGate() {
        se.relaybridge.sip.OverloadLimits limits = settings.overloadOrDefault();
        if (limits.isEnabled()) {
            heap = new se.relaybridge.overload.HeapWatch(limits.maxHeapPercent());
            java.util.function.IntSupplier queued = pool instanceof java.util.concurrent.ThreadPoolExecutor executor
                    ? () -> executor.getQueue().size() : () -> 0;
            shedder = new se.relaybridge.overload.LoadShedder(limits, registry::size, queued, nodeLag::receiveLagMillis, heap,
                    System::nanoTime);
            se.relaybridge.overload.ShedReport report = new se.relaybridge.overload.ShedReport(shedder);
            timers.scheduleWithFixedDelay(() -> {
                String line = report.sinceLast(SHED_REPORT_SECONDS);
                if (line != null) {
                    LOG.warning(line);
                }
            }, SHED_REPORT_SECONDS, SHED_REPORT_SECONDS, TimeUnit.SECONDS);
        }
        // a new INVITE's retransmissions are answered as its first copy was, wherever each is read (docs/overload.md)
        se.relaybridge.overload.RecentInvites admitted = new se.relaybridge.overload.RecentInvites(System::nanoTime);
        se.relaybridge.overload.RecentInvites refused = new se.relaybridge.overload.RecentInvites(System::nanoTime);
        runner.gate(new OverloadGate(shedder, profiles::current, runner::transactions, listener.sip(), listener, admitted,
                refused));
        if (shedder != null) {
            runner.receiveLag().shedWith(new se.relaybridge.overload.SocketShedPolicy(limits, shedder, admitted, refused,
                    // a stopping node answers OPTIONS 503 itself (docs/availability.md): those stay the stack's
                    source -> !listener.refusesNewCalls() && edge.passes(source),
                    String.join(", ", OutOfDialogResponder.ALLOWED)));
            timers.scheduleWithFixedDelay(() -> {
                admitted.forgetOld();
                refused.forgetOld();
            }, 5, 5, TimeUnit.SECONDS);
        }
    }

    /** How far behind this node is, and how many queue-target timeouts were not held against a target for it. */
    public se.relaybridge.overload.NodeLag nodeLag() {
        return nodeLag;
    }

    public TargetSelection targets() {
        return targets;
    }

    /** What overload control admitted and shed; empty when it is switched off. */
    public java.util.Optional<se.relaybridge.overload.LoadShedder> shedder() {
        return java.util.Optional.ofNullable(shedder);
    }

    private void sweepAndReport() {
        LeakReport report = leakSweep.sweep();
        if (report.orphanDialogs() > 0) {
            LOG.warning("leak sweep: " + report);
        }
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
        if (leakSweep != null) {
            // one last sweep: a dialog that outlived its call since the last one is named before it goes away
            try {
                sweepAndReport();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "leak sweep at stop failed", e);
            }
        }
        if (callbackScheduler != null) {
            callbackScheduler.stop();
        }
        profiles.stopWatching();
        routing.stopWatching();
        queueStore.stopWatching();
        callbackSettings.stopWatching();
        if (drain != null) {
            try {
                drain.run(settings.shutdownGrace());
            } catch (RuntimeException | LinkageError e) {
                // the stack must stop all the same: a port left bound blocks the next deployment
                LOG.log(Level.SEVERE, "the calls could not all be ended before the stop", e);
            }
        }
        timers.shutdownNow();
        nodeLag.close();
        runner.stop();
        if (heap != null) {
            heap.close();
        }
        for (Runnable then : parts.afterStop()) {
            try {
                then.run();
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "a step after the stop failed", e);
            }
        }
    }

    /** The flood guard and the strangers' counts (docs/trust-and-floods.md). */
    public SipEdge edge() {
        return edge;
    }

    /** What the OPTIONS pings and the calls placed say of each queue target. */
    public TargetHealth targetHealth() {
        return health;
    }

    public boolean isListening() {
        return runner.isListening();
    }

    /** The SIP stack's receiving or dispatching threads that died while it runs (liveness); empty when all live. */
    public java.util.List<String> deadSipThreads() {
        return runner.deadThreads();
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

    /** Where callback grants are kept. */
    public CallbackTokens callbackTokens() {
        return parts.callbackTokens();
    }

    /** The calls of every node of the cluster ({@link SharedCalls#NONE} for a node on its own). */
    public SharedCalls sharedCalls() {
        return parts.sharedCalls();
    }

    /** Scheduled callbacks (issue 7), kept in the store the engine was built with. */
    public CallbackScheduler callbacks() {
        return callbackScheduler;
    }

    /**
     * Takes up what {@code deadNode} carried: every confirmed call it kept in the call replicas, and the scheduled
     * callbacks it was dialling or was to dial (a cluster's membership said it is gone). Returns how many calls
     * were taken up; none for a node on its own.
     */
    public int takeOverFrom(String deadNode) {
        callbackScheduler.takeOverFrom(deadNode);
        return adoption.adoptAllOf(deadNode);
    }

    /**
     * Writes every confirmed call of this node to the call replicas again (the data grid lost them in a merge);
     * returns how many calls this node carries. None for a node on its own.
     */
    public int replicateCallsAgain() {
        return replication == null ? 0 : replication.writeAgain(registry);
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
        return reloadRouting(ConfigChange.FILE_WATCH);
    }

    /** Reads routing.json again on {@code who}'s request, audited; on a problem the table in force stays. */
    public RoutingStore.Reload reloadRouting(String who) {
        RoutingStore.Reload result = routing.reload();
        audit(who, "routing", result.changed(), result.problems(), result.before(), result.after());
        return result;
    }

    /** Reads queues.json again on {@code who}'s request, audited; on a problem the queues in force stay. */
    public QueueStore.Reload reloadQueues(String who) {
        QueueStore.Reload result = queueStore.reload();
        audit(who, "queues", result.changed(), result.problems(), result.before(), result.after());
        return result;
    }

    /** Reads callbacks.json again on {@code who}'s request, audited; on a problem the settings in force stay. */
    public se.relaybridge.callback.CallbackSettingsStore.Reload reloadCallbackSettings(String who) {
        se.relaybridge.callback.CallbackSettingsStore.Reload result = callbackSettings.reload();
        audit(who, "callbacks", result.changed(), result.problems(), result.before(), result.after());
        return result;
    }

    private void audit(String who, String subject, boolean changed, java.util.List<ConfigProblem> problems,
                       String before, String after) {
        if (who.equals(ConfigChange.FILE_WATCH) && !changed && problems.isEmpty()) {
            return; // the file was touched, not changed
        }
        String why = problems.stream().map(ConfigProblem::getMessage).collect(java.util.stream.Collectors.joining("\n"));
        try {
            ConfigChange change = new ConfigChange(who, subject, problems.isEmpty() ? "reload" : "refused", before, after,
                    why.isEmpty() ? null : why);
            tell(change);
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.SEVERE, "audit of the " + subject + " reload failed", e);
        }
    }

    public QueueDirectory queues() {
        return queueStore.current();
    }

    /** Counts of the TCP connection limits (refused, timed out, open). */
    public se.relaybridge.sip.tcp.ConnectionGuard connectionGuard() {
        return runner.connectionGuard();
    }

    private static final jakarta.json.bind.Jsonb PROFILE_JSON = jakarta.json.bind.JsonbBuilder.create();

    /** A change of relay-profiles/ the watcher found, one audit entry per profile as the API writes them. */
    private void auditProfiles(ProfileSet before, ProfileSet after, ReloadResult result) {
        String who = ConfigChange.FILE_WATCH;
        result.added().forEach(id -> profileChange(who, id, "create", null, after));
        result.changed().forEach(id -> profileChange(who, id, "replace", before, after));
        result.removed().forEach(id -> profileChange(who, id, "delete", before, null));
        result.problems().forEach(p -> tell(new ConfigChange(who, "profiles", "refused", null, null, p.getMessage())));
    }

    private void profileChange(String who, String id, String action, ProfileSet before, ProfileSet after) {
        try {
            tell(new ConfigChange(who, "profile:" + id, action, profileJson(before, id), profileJson(after, id), null));
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.SEVERE, "audit of the profile reload failed", e);
        }
    }

    private void tell(ConfigChange change) {
        parts.configChanges().forEach(listener -> listener.accept(change));
    }

    private static String profileJson(ProfileSet set, String id) {
        return set == null ? null : set.get(id).map(PROFILE_JSON::toJson).orElse(null);
    }

    public SipContext sip() {
        return runner.context();
    }

    /** JSON-B ignores a key its record does not have: a misspelt field would leave its default in force unnoticed. */
    private static void knownFieldsOnly(Path file, String name, Class<? extends Record> type) {
        se.relaybridge.config.ProblemList problems = new se.relaybridge.config.ProblemList(name);
        se.relaybridge.config.RecordShape.checkKnownFields(JsonConfigReader.readObject(file, name), type, problems);
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.list().get(0);
            problems.list().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
