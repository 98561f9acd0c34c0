package se.relaybridge.call;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * A stop that loses no call silently (docs/availability.md): new calls are refused with {@code 503}; in a cluster
 * every confirmed call is handed over to the nodes that stay (docs/cluster.md, "Drain"), once the calls being set up
 * have been answered; every other call in progress is ended on both legs (BYE, or 503 to a relay still waiting and CANCEL to its queue attempt), and the
 * stop waits up to its grace time for the legs to confirm. A call whose legs stay silent is let go with the outcome
 * {@code interrupted:shutdown}, so every call leaves the registry, and every record is final, before the stack stops.
 */
final class CallDrain {

    private static final Logger LOG = Logger.getLogger(CallDrain.class.getName());
    private static final long POLL_MILLIS = 20;
    /** After the grace time, the abandoned calls' own executors need a moment to close them. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(2);

    private final CallRegistry registry;
    private final B2buaListener listener;
    private final CallReplicas replicas;
    // the replicas of the calls confirmed last are written in the background: a hand-over waits for them
    private static final java.time.Duration REPLICAS_WRITTEN = java.time.Duration.ofSeconds(3);

    /** {@code replicas}: where other nodes keep this node's confirmed calls, if any run to take them up. */
    CallDrain(CallRegistry registry, B2buaListener listener, CallReplicas replicas) {
        this.registry = registry;
        this.listener = listener;
        this.replicas = replicas;
    }

    /** Blocks the stopping thread (never a SIP thread) for at most {@code grace} plus a moment (twice in a cluster). */
    void run(Duration grace) {
        listener.refuseNewCalls();
        if (replicas.othersTakeOver()) {
            handOver(grace);
        }
        int live = registry.size();
        if (live == 0) {
            return;
        }
        LOG.info(() -> "stopping: ending " + live + " calls on both legs (grace " + grace.toSeconds() + " s)");
        for (Call call : registry.active()) {
            listener.endForStop(call);
        }
        if (awaitEmpty(grace)) {
            LOG.info("stopping: every call ended");
            return;
        }
        int silent = registry.size();
        LOG.warning(() -> "stopping: " + silent + " calls did not confirm their end within the grace time;"
                + " recorded as interrupted:shutdown");
        for (Call call : registry.active()) {
            listener.abandon(call);
        }
        awaitEmpty(ABANDON_WAIT);
    }

    /**
     * The calls being set up are given their answer first (the front sends no new ones: this node answers OPTIONS
     * with 503); then every confirmed call, which the other nodes keep as a replica, leaves this node unended.
     */
    private void handOver(Duration grace) {
        awaitUntil(grace, () -> registry.active().stream().allMatch(this::settled));
        java.util.List<Call> handed = registry.active().stream().filter(CallDrain::canBeHandedOver).toList();
        if (handed.isEmpty()) {
            return;
        }
        if (!replicas.awaitWritten(REPLICAS_WRITTEN)) {
            LOG.warning("stopping: the call replicas were not all written in time; handing the calls over all the same");
        }
        for (Call call : handed) {
            call.executor().execute(() -> registry.handOver(call));
        }
        awaitUntil(ABANDON_WAIT, () -> handed.stream().allMatch(call -> registry.call(call.id()).isEmpty()));
        LOG.info(() -> "stopping: " + handed.size() + " confirmed calls handed over to the cluster");
    }

    /**
     * Ended or ending, or confirmed and written for the other nodes: a call confirmed a moment ago is written right
     * after (on its executor), and ending it for want of its replica would cut a call that could have gone on.
     */
    private boolean settled(Call call) {
        return call.state() == CallState.ENDING || call.state() == CallState.ENDED
                || call.state() == CallState.CONFIRMED
                && (call.replicated() || call.thirdParty() != null || !replicas.othersTakeOver());
    }

    /** A confirmed call the other nodes hold a replica of, with nothing in flight that the replica lacks. */
    private static boolean canBeHandedOver(Call call) {
        return call.state() == CallState.CONFIRMED && call.replicated() && call.thirdParty() == null
                && call.transfer() == null;
    }

    private boolean awaitEmpty(Duration limit) {
        return awaitUntil(limit, () -> registry.size() == 0);
    }

    private static boolean awaitUntil(Duration limit, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }
}
