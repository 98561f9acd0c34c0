package se.relaybridge.routing;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Which of a queue's targets a call tries, from what {@link TargetHealth} knows, and what a call's attempt teaches
 * it. A target known to be down is skipped; one whose health is unknown (never pinged yet) is tried; when every
 * target is known to be down a call is refused at once, rather than waiting the setup timeout once per target for
 * an answer that health already knows will not come.
 * <p>
 * "Known" has an age limit ({@link FailoverPolicy#downHold()}): a DOWN mark that no ping has confirmed for that long
 * may be stale (pings switched off, the target mended), so such a target is tried again.
 */
public final class TargetSelection {

    private static final Logger LOG = Logger.getLogger(TargetSelection.class.getName());

    private final TargetHealth health;
    private final Clock clock;
    private final NodeBehind nodeBehind;
    private final LongAdder notBlamed = new LongAdder();

    public TargetSelection(TargetHealth health, Clock clock) {
        this(health, clock, NodeBehind.NEVER);
    }

    public TargetSelection(TargetHealth health, Clock clock, NodeBehind nodeBehind) {
        this.health = health;
        this.clock = clock;
        this.nodeBehind = nodeBehind;
    }

    public TargetHealth health() {
        return health;
    }

    /**
     * The targets a call tries, in configured order: those up or unknown, and those whose DOWN mark has outlived
     * {@code policy.downHold()} (no longer knowledge). Empty when every target is freshly known to be down.
     */
    public List<String> toTry(List<String> targets, FailoverPolicy policy) {
        List<String> tried = new ArrayList<>();
        for (String target : targets) {
            TargetHealth.Status status = health.get(target);
            if (status.state() != TargetHealth.State.DOWN || !status.at().plus(policy.downHold()).isAfter(clock.instant())) {
                tried.add(target);
            }
        }
        return tried;
    }

    /** Every target, those known to be down last (a transfer tries them all rather than fail the nurse's REFER). */
    public List<String> allInOrder(List<String> targets) {
        List<String> up = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (String target : targets) {
            (health.state(target) == TargetHealth.State.DOWN ? down : up).add(target);
        }
        up.addAll(down);
        return up;
    }

    /** The target answered a ping: it is up, as of now. */
    public void answered(String target, String cause) {
        TargetHealth.Status before = health.put(target, new TargetHealth.Status(TargetHealth.State.UP, clock.instant(), cause));
        if (before.state() != TargetHealth.State.UP) {
            LOG.info(() -> "queue target " + target + " answers (" + cause + ")");
        }
    }

    /**
     * The target answered a call's INVITE with something that is not a failure: it is up. Stored only when that is
     * news: every response of every call would otherwise be a write (and, shared by a cluster, a network round trip).
     */
    public void answeredCall(String target, int status) {
        if (health.state(target) != TargetHealth.State.UP) {
            answered(target, "call " + status);
        }
    }

    /**
     * The target failed: a ping unanswered, or a call's attempt that timed out, got 408 or 5xx, or could not be
     * sent. The next calls skip it until a ping or a call finds it answering again.
     */
    public void failed(String target, String cause) {
        markDown(target, cause);
    }

    /**
     * The target gave no answer within {@code waited}: down, unless this node was itself behind meanwhile. Its
     * answer may then be waiting to be read here, and a busy node that marked its healthy targets down would go
     * on to refuse every call it could still carry (docs/target-health.md). The call that waited fails over all
     * the same; only the next calls' choice is spared the node's own delay.
     */
    public void timedOut(String target, String cause, Duration waited) {
        if (nodeBehind.within(waited)) {
            notBlamed.increment();
            LOG.fine(() -> "queue target " + target + ": " + cause + " while this node was behind; not marked down");
            return;
        }
        markDown(target, cause);
    }

    /** Timeouts not held against a target because this node was behind while it waited. */
    public long timeoutsNotBlamed() {
        return notBlamed.sum();
    }

    private void markDown(String target, String cause) {
        TargetHealth.Status before = health.put(target, new TargetHealth.Status(TargetHealth.State.DOWN, clock.instant(), cause));
        if (before.state() != TargetHealth.State.DOWN) {
            LOG.warning(() -> "queue target " + target + " is down (" + cause + "): calls skip it until it answers again");
        }
    }

}
