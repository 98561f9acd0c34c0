package se.relaybridge.call;

import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.callback.InMemoryCallbackTokens;
import se.relaybridge.callback.InMemoryScheduledCallbacks;
import se.relaybridge.callback.ScheduledCallbacks;
import se.relaybridge.config.ConfigChange;
import se.relaybridge.sip.FrontProxy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the call engine is built from besides its configuration, gathered before SIP listens (docs/architecture.md,
 * "One composition root"): the stores a call writes to — in memory for a node on its own, the call records'
 * database when they are open — and whoever hears the calls. Nothing is attached after the first call could arrive:
 * a call that came in between would have had no record, and a callback scheduled then would have been lost.
 */
public final class EngineParts {

    private CallbackTokens callbackTokens = new InMemoryCallbackTokens();
    private ScheduledCallbacks scheduledCallbacks = new InMemoryScheduledCallbacks();
    private AnswerJournal answerJournal = AnswerJournal.NONE;
    private CallReplicas callReplicas = CallReplicas.NONE;
    private String node = "local";
    private FrontProxy front = FrontProxy.NONE;
    private TrunkSlots trunkSlots = new LocalTrunkSlots();
    private SharedCalls sharedCalls = SharedCalls.NONE;
    private se.relaybridge.routing.TargetHealth targetHealth = new se.relaybridge.routing.LocalTargetHealth();
    private final List<CallWatcher> watchers = new ArrayList<>();
    private final List<Consumer<ConfigChange>> configChanges = new ArrayList<>();
    private final List<Runnable> afterStop = new ArrayList<>();

    /** A node on its own with nothing attached: grants and scheduled callbacks in memory, answers not journalled. */
    public static EngineParts inMemory() {
        return new EngineParts();
    }

    /** Where callback grants are kept. */
    public EngineParts callbackTokens(CallbackTokens tokens) {
        this.callbackTokens = tokens;
        return this;
    }

    /** Where scheduled callbacks are kept; the pending ones it holds are taken up when the engine starts. */
    public EngineParts scheduledCallbacks(ScheduledCallbacks store) {
        this.scheduledCallbacks = store;
        return this;
    }

    /** Where an answered call is made durable before the relay hears the answer. */
    public EngineParts answerJournal(AnswerJournal journal) {
        this.answerJournal = journal;
        return this;
    }

    /** Where confirmed calls are kept for the other nodes of a cluster; none for a node on its own. */
    public EngineParts callReplicas(CallReplicas replicas) {
        this.callReplicas = replicas;
        return this;
    }

    /** This node's name among the nodes that share {@link #callReplicas}: whose calls a replica's are. */
    public EngineParts node(String name) {
        this.node = name;
        return this;
    }

    /** Where the calls each trunk has up are counted against its {@code maxConcurrentCalls}. */
    /** The calls of every node of a cluster, for the board and the admin API (docs/cluster.md). */
    public EngineParts sharedCalls(SharedCalls shared) {
        this.sharedCalls = shared;
        return this;
    }

    SharedCalls sharedCalls() {
        return sharedCalls;
    }

    /** What is known of the queue targets' health: this node's own, or shared by a cluster's nodes. */
    public EngineParts targetHealth(se.relaybridge.routing.TargetHealth health) {
        this.targetHealth = health;
        return this;
    }

    se.relaybridge.routing.TargetHealth targetHealth() {
        return targetHealth;
    }

    public EngineParts trunkSlots(TrunkSlots slots) {
        this.trunkSlots = slots;
        return this;
    }

    /** The SIP front of a cluster: whose word on a request's sender is believed, and the route of new legs. */
    public EngineParts front(FrontProxy proxy) {
        this.front = proxy;
        return this;
    }

    /** Hears every call from the first. */
    public EngineParts watch(CallWatcher watcher) {
        watchers.add(watcher);
        return this;
    }

    /** Hears every reload of the configuration files, the watcher's and an operator's (the audit log). */
    public EngineParts configChanges(Consumer<ConfigChange> listener) {
        configChanges.add(listener);
        return this;
    }

    /** Runs at the end of the stop, after every call has ended (the records' last writes). */
    public EngineParts afterStop(Runnable then) {
        afterStop.add(then);
        return this;
    }

    CallbackTokens callbackTokens() {
        return callbackTokens;
    }

    ScheduledCallbacks scheduledCallbacks() {
        return scheduledCallbacks;
    }

    AnswerJournal answerJournal() {
        return answerJournal;
    }

    String node() {
        return node;
    }

    TrunkSlots trunkSlots() {
        return trunkSlots;
    }

    FrontProxy front() {
        return front;
    }

    CallReplicas callReplicas() {
        return callReplicas;
    }

    List<CallWatcher> watchers() {
        return List.copyOf(watchers);
    }

    List<Consumer<ConfigChange>> configChanges() {
        return List.copyOf(configChanges);
    }

    List<Runnable> afterStop() {
        return List.copyOf(afterStop);
    }
}
