package se.relaybridge.overload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The new INVITEs (Call-ID and CSeq number, {@code InviteKey}) the UDP receive loop passed on to the stack, or the
 * stack admitted (or, a second instance, refused), in the last
 * {@value #KEPT_SECONDS} s: a retransmission of one of them goes the way its first copy went — to its transaction,
 * or to the stack's own answer — however busy the node is; it is never refused as a new call at the socket. (A
 * retransmission refused there while its first copy still waited for a message thread, then admitted, left the
 * relay with a 503 and relaybridge with a call whose 200 nobody ACKed.) An INVITE is retransmitted for at most
 * 64·T1 = 32 s (RFC 3261 §17.1.1.2), so that is as long as an entry is kept.
 */
public final class RecentInvites {

    static final long KEPT_SECONDS = 32;

    private final Map<String, Long> admittedAt = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public RecentInvites(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public void seen(String callId) {
        admittedAt.put(callId, nanos.getAsLong());
    }

    public boolean contains(String callId) {
        return admittedAt.containsKey(callId);
    }

    /** Forgets the calls admitted longer ago than their INVITE can be retransmitted. */
    public void forgetOld() {
        long oldest = nanos.getAsLong() - TimeUnit.SECONDS.toNanos(KEPT_SECONDS);
        admittedAt.values().removeIf(at -> at - oldest < 0);
    }

    int size() {
        return admittedAt.size();
    }
}
