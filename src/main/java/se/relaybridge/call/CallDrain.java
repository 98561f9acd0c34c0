package se.relaybridge.call;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * A stop that loses no call silently (docs/availability.md): new calls are refused with {@code 503}, every call in
 * progress is ended on both legs (BYE, or 503 to a relay still waiting and CANCEL to its queue attempt), and the
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

    CallDrain(CallRegistry registry, B2buaListener listener) {
        this.registry = registry;
        this.listener = listener;
    }

    /** Blocks the stopping thread (never a SIP thread) for at most {@code grace} plus a moment. */
    void run(Duration grace) {
        listener.refuseNewCalls();
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

    private boolean awaitEmpty(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (registry.size() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return registry.size() == 0;
            }
        }
        return true;
    }
}
