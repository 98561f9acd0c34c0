package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.relay.Cidr;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.sip.FloodGuard;
import se.relaybridge.sip.FloodGuardSpec;
import se.relaybridge.sip.FrontProxy;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;
import se.relaybridge.sip.SipSettings;

import javax.sip.SipException;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the SIP edge decides before any call exists (docs/trust-and-floods.md): the per-source flood guard, run on
 * the stack's thread for every request, and the sampling of refused INVITEs from strangers. A limited request gets a
 * stateless {@code 503} with {@code Retry-After} (sent from the worker pool, never the stack's thread); a banned
 * source's requests are dropped unanswered, as pike does, so a flood is not answered in kind. Neither creates a
 * server transaction, a dialog or a call.
 */
public final class SipEdge {

    private static final Logger LOG = Logger.getLogger(SipEdge.class.getName());

    private final FloodGuardSpec spec;
    private final FloodGuard guard;
    private final StrangerSampler strangers;
    private final long sampleSeconds;
    private final Supplier<ProfileSet> profiles;
    private final Supplier<QueueDirectory> queues;
    private final List<Cidr> allow;
    private final FrontProxy front;
    private final List<EdgeWatcher> watchers = new CopyOnWriteArrayList<>();
    private volatile TrustedSources trusted;

    SipEdge(SipSettings settings, FrontProxy front, Supplier<ProfileSet> profiles, Supplier<QueueDirectory> queues,
            LongSupplier monotonicNanos) {
        this.spec = settings.floodGuardOrDefault();
        this.guard = spec.isEnabled() ? new FloodGuard(spec, monotonicNanos) : null;
        this.sampleSeconds = settings.strangerSampleSeconds() == null ? SipSettings.DEFAULT_STRANGER_SAMPLE_SECONDS
                : settings.strangerSampleSeconds();
        this.strangers = new StrangerSampler(sampleSeconds, monotonicNanos);
        this.profiles = profiles;
        this.queues = queues;
        // the cluster's front forwards every caller's requests: the guard counts them by the sender it names
        List<Cidr> trustedBlocks = new java.util.ArrayList<>(spec.allowBlocks());
        trustedBlocks.addAll(front.addresses());
        this.allow = List.copyOf(trustedBlocks);
        this.front = front;
    }

    /** Adds a watcher of limited and banned requests and of strangers' INVITEs (the metrics). */
    public void watch(EdgeWatcher watcher) {
        watchers.add(watcher);
    }

    /**
     * On the stack's thread, first thing for every request: true when the flood guard turned it away (then nothing
     * else may be done with it). A limited request that wants an answer gets its 503 from {@code pool}.
     */
    boolean turnsAway(Request request, SipContext sip, Executor pool) {
        // an ACK only ends a transaction relaybridge answered; dropped, it would make relaybridge repeat its final
        // response for 32 s (RFC 3261 §17.2.1), and without such a transaction the stack ignores it at no cost
        if (guard == null || Request.ACK.equals(request.getMethod())) {
            return false;
        }
        TrustedSources allowList = trustedNow();
        FloodGuard.Verdict verdict = guard.check(senderOf(request), allowList, allowList);
        switch (verdict) {
            case PASS:
                return false;
            case LIMITED:
                watchers.forEach(EdgeWatcher::limited);
                pool.execute(() -> sendLimited(request, sip));
                return true;
            default:
                watchers.forEach(EdgeWatcher::banned);
                return true;
        }
    }

    /**
     * Counts a request the UDP receive loop answers itself (an OPTIONS while the node sheds) as the stack would have
     * counted it: true when the flood guard lets it pass. One it limits or bans is left to the stack, whose guard
     * turns it away as it does every other.
     */
    public boolean passes(InetAddress source) {
        if (guard == null) {
            return true;
        }
        TrustedSources allowList = trustedNow();
        return guard.check(source, allowList, allowList) == FloodGuard.Verdict.PASS;
    }

    private TrustedSources trustedNow() {
        ProfileSet p = profiles.get();
        QueueDirectory q = queues.get();
        TrustedSources current = trusted;
        if (current == null || !current.describes(p, q)) {
            current = TrustedSources.of(p, q, allow);
            trusted = current;
        }
        return current;
    }

    /** RFC 3261 §21.5.4: 503 with Retry-After; stateless, so the limited request leaves nothing behind. */
    private void sendLimited(Request request, SipContext sip) {
        try {
            Response response = sip.messages().createResponse(Response.SERVICE_UNAVAILABLE, request);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(Utils.getInstance().generateTag());
            response.setHeader(sip.headers().createRetryAfterHeader(spec.windowSeconds()));
            response.setHeader(sip.headers().createServerHeader(List.of(Product.TOKEN)));
            sip.provider().sendResponse(response);
        } catch (ParseException | SipException | javax.sip.InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.FINE, "no 503 for a limited " + request.getMethod(), e);
        }
    }

    /** Counts a refused INVITE from a stranger; true when it is the sample to record (and log). */
    boolean strangerRefused(InetAddress source) {
        watchers.forEach(w -> w.strangerInvite(StrangerSampler.REFUSED));
        return strangers.refused(source);
    }

    /** Counts an admitted call from a stranger ({@code untrustedCalls: admit}). */
    void strangerAdmitted() {
        watchers.forEach(w -> w.strangerInvite(StrangerSampler.ADMITTED));
        strangers.admitted();
    }

    /** The summary line of strangers refused unrecorded, logged once per sample interval when there were any. */
    void logStrangerSummary() {
        String line = strangers.summary(sampleSeconds);
        if (line != null) {
            LOG.info(line);
        }
    }

    long sampleSeconds() {
        return sampleSeconds;
    }

    /** Sources banned now (0 with the guard off). */
    public int bannedSources() {
        return guard == null ? 0 : guard.bannedSources();
    }

    public long limitedRequests() {
        return guard == null ? 0 : guard.limitedRequests();
    }

    public long bannedRequests() {
        return guard == null ? 0 : guard.bannedRequests();
    }

    public long bans() {
        return guard == null ? 0 : guard.bans();
    }

    /** INVITEs from strangers since start: {@code refused} or {@code admitted}. */
    public long strangerInvites(String verdict) {
        return strangers.count(verdict);
    }

    /** Refused INVITEs from strangers that were recorded (one per source per interval at most). */
    public long strangersRecorded() {
        return strangers.sampled();
    }

    /** Where the packet came from: where a stateless answer goes. */
    static InetAddress sourceOf(Request request) {
        return FrontProxy.packetSourceOf(request);
    }

    /** Who sent the request: the packet's source, or behind the cluster's front the sender it names. */
    InetAddress senderOf(Request request) {
        return front.sourceOf(request);
    }
}
