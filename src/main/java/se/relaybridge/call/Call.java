package se.relaybridge.call;

import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.RouteDecision;
import se.relaybridge.routing.FailoverPolicy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * One relay call: the relay leg relaybridge answers and the queue leg it places. Every event of the call
 * runs on {@link #executor()}, so the fields below are only touched by one thread at a time.
 */
public final class Call {

    private final String id;
    private final SerialExecutor executor;
    private final Instant offeredAt;
    private long receivedNanos = System.nanoTime();
    private final Leg relay;
    private Leg queue;
    /** The nurse's leg a transfer took the call from: it ends once she has heard the transfer went through. */
    private Leg handedOver;
    private RelayProfile profile;
    private CallState state = CallState.OFFERED;
    private boolean cancelPending;
    private String outcome;
    private final List<Leg> legs = new ArrayList<>();
    private String queueId;
    private List<String> targets = List.of();
    private int nextTarget;
    private int maxForwards;
    private FailoverPolicy failover = FailoverPolicy.DEFAULT;
    private final List<String> targetsTried = new ArrayList<>();
    private boolean targetsFromHealth;
    private String trunkSlot;
    // the other nodes hold it as a replica: a stop may hand it over (CallDrain)
    private volatile boolean replicated;
    // how often the call changed node (CallReplica#generation); read and written on the call's executor
    private long generation;
    private RelaySession relaySession;
    private QueueSpec queueSpec;
    private RouteDecision route;
    private Instant answeredAt;
    private CallbackGrant callback;
    private Transfer transfer;
    private int transfers;
    private ThirdPartyCallback.Attempt thirdParty;
    private final Clock clock;
    private final Consumer<Call> onChange;

    Call(String id, Executor pool, String relaySipCallId, String relayTransport, Instant offeredAt) {
        this(id, pool, relaySipCallId, relayTransport, Clock.fixed(offeredAt, ZoneOffset.UTC), call -> { });
    }

    /** {@code onChange} hears every state change and every new attempt, on the call's executor. */
    Call(String id, Executor pool, String relaySipCallId, String relayTransport, Clock clock, Consumer<Call> onChange) {
        this(id, pool, relaySipCallId, relayTransport, clock, onChange, clock.instant());
    }

    /** A call offered at {@code offeredAt}, perhaps on another node (a call taken up from its replica). */
    Call(String id, Executor pool, String relaySipCallId, String relayTransport, Clock clock, Consumer<Call> onChange,
         Instant offeredAt) {
        this.clock = clock;
        this.onChange = onChange;
        this.id = id;
        this.executor = new SerialExecutor(pool, "call " + id);
        this.offeredAt = offeredAt;
        this.relay = new Leg(this, LegRole.RELAY, relaySipCallId, relayTransport);
        legs.add(relay);
    }

    public String id() {
        return id;
    }

    /** When the relay's INVITE was received ({@link System#nanoTime()}; docs/overload.md, "INVITE in to INVITE out"). */
    long receivedNanos() {
        return receivedNanos;
    }

    void receivedAt(long nanos) {
        this.receivedNanos = nanos;
    }

    public SerialExecutor executor() {
        return executor;
    }

    public Instant offeredAt() {
        return offeredAt;
    }

    public Leg relay() {
        return relay;
    }

    public Leg queue() {
        return queue;
    }

    /** A new queue leg becomes the current one; an earlier attempt's leg stays known until the call ends. */
    Leg newQueueLeg(String sipCallId, String transport) {
        queue = new Leg(this, LegRole.QUEUE, sipCallId, transport);
        legs.add(queue);
        return queue;
    }

    /**
     * A leg towards a transfer target: known to the call (so it is cleaned up with it) but not its queue leg
     * until the transfer succeeds.
     */
    Leg newTransferLeg(String sipCallId, String transport) {
        Leg leg = new Leg(this, LegRole.QUEUE, sipCallId, transport);
        legs.add(leg);
        return leg;
    }

    /** The transfer target answered and the relay took its media: from now on it is the call's queue leg. */
    void transferredTo(Leg target, QueueSpec queue, String targetUri) {
        this.handedOver = this.queue;
        this.queue = target;
        this.targetsTried.add(targetUri);
        this.queueSpec = queue;
        this.queueId = queue.id();
        this.transfers++;
        onChange.accept(this);
    }

    /** The transfer in progress, or null. */
    Transfer transfer() {
        return transfer;
    }

    void transfer(Transfer transfer) {
        this.transfer = transfer;
    }

    /** How many times the nurse side handed the call on. */
    public int transfers() {
        return transfers;
    }

    /** Every leg the call ever had, failed attempts included. */
    List<Leg> legs() {
        return List.copyOf(legs);
    }

    /** Where the call goes: the queue, its targets in the order to try, and the relay's Max-Forwards less one. */
    void route(QueueSpec queue, List<String> targets, int maxForwards, FailoverPolicy failover) {
        this.targetsFromHealth = false;
        this.queueSpec = queue;
        this.queueId = queue.id();
        this.targets = List.copyOf(targets);
        this.nextTarget = 0;
        this.maxForwards = maxForwards;
        this.failover = failover;
    }

    public String queueId() {
        return queueId;
    }

    /**
     * Whether the targets are a nurse queue's, chosen by target health; what their attempts show is then health's
     * to learn. A relay's callback trunk is not a queue target and teaches health nothing.
     */
    boolean targetsFromHealth() {
        return targetsFromHealth;
    }

    void targetsFromHealth(boolean fromHealth) {
        this.targetsFromHealth = fromHealth;
    }

    boolean hasNextTarget() {
        return nextTarget < targets.size();
    }

    String takeNextTarget() {
        String target = targets.get(nextTarget++);
        targetsTried.add(target);
        return target;
    }

    /** The queue targets tried so far, in order. */
    public List<String> targetsTried() {
        return List.copyOf(targetsTried);
    }

    /** Where the call was routed and why; null before routing. */
    public RouteDecision route() {
        return route;
    }

    void route(RouteDecision decision) {
        this.route = decision;
    }

    /** The relay metadata of this call (DESIGN §6); null for a call from no relay trunk. */
    public RelaySession relaySession() {
        return relaySession;
    }

    void relaySession(RelaySession session) {
        this.relaySession = session;
    }

    /** The queue the call was routed to, with how it wants relay metadata presented. */
    QueueSpec queueSpec() {
        return queueSpec;
    }

    /** The relay trunk whose capacity this call counts against, once admitted. */
    boolean replicated() {
        return replicated;
    }

    void replicated(boolean kept) {
        this.replicated = kept;
    }

    long generation() {
        return generation;
    }

    void generation(long generation) {
        this.generation = generation;
    }

    String trunkSlot() {
        return trunkSlot;
    }

    void holdsTrunkSlot(String profileId) {
        this.trunkSlot = profileId;
    }

    int maxForwards() {
        return maxForwards;
    }

    FailoverPolicy failover() {
        return failover;
    }

    public Leg other(Leg leg) {
        return leg == relay ? queue : relay;
    }

    public RelayProfile profile() {
        return profile;
    }

    void profile(RelayProfile profile) {
        this.profile = profile;
    }

    public CallState state() {
        return state;
    }

    /**
     * For a nurse calling a person back ({@code sip:cb-…}): the grant the call uses. Then the inbound leg
     * ({@link #relay()}) is the nurse and the outbound leg ({@link #queue()}) the relay's callback trunk.
     */
    public CallbackGrant callback() {
        return callback;
    }

    void callback(CallbackGrant grant) {
        this.callback = grant;
    }

    /**
     * For a scheduled callback (third-party call control): the attempt in progress. Then both legs are
     * relaybridge's client transactions, {@link #relay()} the nurse and {@link #queue()} the callback trunk.
     */
    ThirdPartyCallback.Attempt thirdParty() {
        return thirdParty;
    }

    void thirdParty(ThirdPartyCallback.Attempt attempt) {
        this.thirdParty = attempt;
    }

    /** When the queue answered the call (a nurse took it); null before. */
    public Instant answeredAt() {
        return answeredAt;
    }

    /**
     * A confirmed call another node set up, taken up here from its replica ({@link CallAdoption}): routed to
     * {@code queueId} over {@code targetsTried}, answered at {@code answeredAt}.
     */
    void adopted(String queueId, QueueSpec queue, List<String> targetsTried, Instant answeredAt, int maxForwards) {
        this.queueId = queueId;
        this.queueSpec = queue;
        this.maxForwards = maxForwards;
        this.targetsTried.addAll(targetsTried);
        this.answeredAt = answeredAt;
        state(CallState.CONFIRMED);
    }

    /** The queue's answer is here; it reaches the relay once it is stored (see {@link DurableAnswer}). */
    void queueAnswered() {
        if (answeredAt == null) {
            answeredAt = clock.instant();
        }
    }

    void state(CallState state) {
        boolean newAttempt = state == CallState.PROCEEDING;
        if (state == this.state && !newAttempt) {
            return;
        }
        this.state = state;
        if (state == CallState.ANSWERED && answeredAt == null) {
            answeredAt = clock.instant();
        }
        onChange.accept(this);
    }

    boolean cancelPending() {
        return cancelPending;
    }

    void cancelPending(boolean pending) {
        this.cancelPending = pending;
    }

    /** How the call ended, e.g. {@code completed:relay-hangup} or {@code refused:403}; null while running. */
    public String outcome() {
        return outcome;
    }

    void outcome(String outcome) {
        if (this.outcome == null) {
            this.outcome = outcome;
        }
    }

    /** True when no leg needs anything more: the call can leave the registry. */
    boolean finished() {
        return relay.released() && (queue == null || queue.released())
                && (handedOver == null || handedOver.released())
                && (transfer == null || transfer.target() == null || transfer.target().released());
    }
}
