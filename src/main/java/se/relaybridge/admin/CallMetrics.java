package se.relaybridge.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import se.relaybridge.call.B2buaStarted;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallState;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.call.EdgeWatcher;
import se.relaybridge.overload.LoadShedder;
import se.relaybridge.overload.ShedReason;
import org.eclipse.microprofile.metrics.Counter;

import java.time.Duration;
import java.time.Instant;

/**
 * Prometheus metrics at {@code /metrics} (MicroProfile Metrics, application scope): calls by relay profile and
 * outcome, refused calls by reason, failovers, transfers by the queue they ended in, active calls, and set-up latency — from the relay's INVITE to the
 * first INVITE towards the queue, the part of a call's set-up relaybridge itself is answerable for. The SIP edge
 * (docs/trust-and-floods.md): requests the flood guard limited or dropped, sources banned now, and INVITEs from
 * strangers by verdict, every one of them (only a sample of the refused ones is recorded).
 */
@ApplicationScoped
public class CallMetrics implements CallWatcher, EdgeWatcher {

    static final String CALLS = "relaybridge_calls";
    static final String REFUSED = "relaybridge_refused_calls";
    static final String FAILOVERS = "relaybridge_failovers";
    static final String TRANSFERS = "relaybridge_transfers";
    private static final String CALLBACK_QUEUE = "callback:";
    static final String ACTIVE = "relaybridge_active_calls";
    static final String CLUSTER_ACTIVE = "relaybridge_cluster_active_calls";
    static final String SETUP = "relaybridge_setup";
    static final String FLOOD_LIMITED = "relaybridge_flood_limited_requests";
    static final String FLOOD_BANNED = "relaybridge_flood_banned_requests";
    static final String FLOOD_BANNED_SOURCES = "relaybridge_flood_banned_sources";
    static final String STRANGER_INVITES = "relaybridge_stranger_invites";
    static final String SHED = "relaybridge_overload_shed_calls";
    static final String ADMITTED = "relaybridge_overload_admitted_calls";
    static final String QUEUED_EVENTS = "relaybridge_queued_events";
    static final String HEAP_AFTER_GC = "relaybridge_heap_after_gc_percent";
    static final String RECEIVE_LAG = "relaybridge_receive_lag_seconds";
    static final String TIMEOUTS_NOT_BLAMED = "relaybridge_target_timeouts_not_blamed";
    static final String INVITE_FORWARD = "relaybridge_invite_forward_seconds";

    // from the relay's INVITE received to the queue's INVITE handed to the transport (docs/overload.md)
    private final LatencyHistogram inviteForward = new LatencyHistogram();

    // looked up once: these are counted on SIP stack threads, request by request
    private Counter floodLimited;
    private Counter floodBanned;
    private Counter strangersRefused;
    private Counter strangersAdmitted;

    @Inject
    MetricRegistry metrics;

    @Inject
    BoardStream board;

    void onStart(@Observes B2buaStarted started) {
        metrics.gauge(ACTIVE, started.b2bua().registry(), r -> r.size());
        // every node's calls in a cluster (as the board shows them); this node's on its own
        metrics.gauge(CLUSTER_ACTIVE, board, b -> b.feed().activeCalls().size());
        started.b2bua().registry().watch(this);
        floodLimited = metrics.counter(FLOOD_LIMITED);
        floodBanned = metrics.counter(FLOOD_BANNED);
        strangersRefused = metrics.counter(STRANGER_INVITES, new Tag("verdict", "refused"));
        strangersAdmitted = metrics.counter(STRANGER_INVITES, new Tag("verdict", "admitted"));
        metrics.gauge(FLOOD_BANNED_SOURCES, started.b2bua().edge(), e -> e.bannedSources());
        started.b2bua().edge().watch(this);
        started.b2bua().shedder().ifPresent(this::watchOverload);
        metrics.gauge(RECEIVE_LAG, started.b2bua().nodeLag(), lag -> lag.receiveLagMillis() / 1000.0);
        metrics.gauge(TIMEOUTS_NOT_BLAMED, started.b2bua().targets(), t -> t.timeoutsNotBlamed());
        exportHistogram(INVITE_FORWARD, inviteForward);
    }

    /**
     * A histogram as Prometheus names its series ({@code _bucket} with {@code le}, {@code _sum}, {@code _count}),
     * read when scraped; MicroProfile Metrics' own histogram has quantiles of its own choosing and no buckets.
     */
    private void exportHistogram(String name, LatencyHistogram histogram) {
        for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            int bucket = i;
            metrics.gauge(name + "_bucket", histogram, h -> h.cumulative(bucket),
                    new Tag("le", String.valueOf(LatencyHistogram.BOUNDS[i])));
        }
        metrics.gauge(name + "_bucket", histogram, LatencyHistogram::count, new Tag("le", "+Inf"));
        metrics.gauge(name + "_sum", histogram, LatencyHistogram::sumSeconds);
        metrics.gauge(name + "_count", histogram, LatencyHistogram::count);
    }

    /** Counts read from overload control when scraped: nothing is added on the SIP thread that sheds. */
    private void watchOverload(LoadShedder shedder) {
        for (ShedReason reason : ShedReason.values()) {
            metrics.gauge(SHED, shedder, s -> s.shed(reason), new Tag("reason", reason.label()));
        }
        metrics.gauge(ADMITTED, shedder, LoadShedder::admitted);
        metrics.gauge(QUEUED_EVENTS, shedder, LoadShedder::queuedEvents);
        metrics.gauge(HEAP_AFTER_GC, shedder, LoadShedder::heapPercentAfterCollection);
    }

    @Override
    public void limited() {
        floodLimited.inc();
    }

    @Override
    public void banned() {
        floodBanned.inc();
    }

    @Override
    public void strangerInvite(String verdict) {
        ("admitted".equals(verdict) ? strangersAdmitted : strangersRefused).inc();
    }

    @Override
    public void changed(CallSnapshot call) {
        if (call.state() != CallState.PROCEEDING) {
            return;
        }
        if (call.targetsTried().size() == 1) {
            if (!String.valueOf(call.queue()).startsWith(CALLBACK_QUEUE)) {
                inviteForward.record(System.nanoTime() - call.receivedNanos());
            }
            metrics.timer(SETUP).update(Duration.between(call.offeredAt(), Instant.now()));
        } else if (call.targetsTried().size() > 1 && !String.valueOf(call.queue()).startsWith(CALLBACK_QUEUE)) {
            // a scheduled callback dials the nurse, then the relay's trunk: two targets, and no failover
            metrics.counter(FAILOVERS, new Tag("queue", String.valueOf(call.queue()))).inc();
        }
    }

    @Override
    public void finished(CallSnapshot call) {
        String outcome = call.outcome() == null ? "unknown" : call.outcome();
        String profile = call.profileId() == null ? "none" : call.profileId();
        metrics.counter(CALLS, new Tag("profile", profile), new Tag("outcome", outcomeClass(outcome))).inc();
        if (call.transfers() > 0) {
            metrics.counter(TRANSFERS, new Tag("queue", String.valueOf(call.queue()))).inc(call.transfers());
        }
        if (outcome.startsWith("refused:")) {
            metrics.counter(REFUSED, new Tag("reason", outcome.substring("refused:".length()))).inc();
        }
    }

    /** {@code completed}, {@code refused}, {@code failed}, {@code cancelled}: few values, as a label must have. */
    static String outcomeClass(String outcome) {
        int colon = outcome.indexOf(':');
        return colon < 0 ? outcome : outcome.substring(0, colon);
    }
}
