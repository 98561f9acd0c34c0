package se.relaybridge.call;

import se.relaybridge.relay.RelayProfile;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * One relay call: the relay leg relaybridge answers and the queue leg it places. Every event of the call
 * runs on {@link #executor()}, so the fields below are only touched by one thread at a time.
 */
public final class Call {

    private final String id;
    private final SerialExecutor executor;
    private final Instant offeredAt;
    private final Leg relay;
    private Leg queue;
    private RelayProfile profile;
    private CallState state = CallState.OFFERED;
    private boolean cancelPending;
    private String outcome;

    Call(String id, Executor pool, String relaySipCallId, String relayTransport, Instant offeredAt) {
        this.id = id;
        this.executor = new SerialExecutor(pool, "call " + id);
        this.offeredAt = offeredAt;
        this.relay = new Leg(this, LegRole.RELAY, relaySipCallId, relayTransport);
    }

    public String id() {
        return id;
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

    Leg newQueueLeg(String sipCallId, String transport) {
        queue = new Leg(this, LegRole.QUEUE, sipCallId, transport);
        return queue;
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

    void state(CallState state) {
        this.state = state;
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
        return relay.released() && (queue == null || queue.released());
    }
}
