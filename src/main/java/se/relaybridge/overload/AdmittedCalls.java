package se.relaybridge.overload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Call-IDs of the INVITEs admitted in the last {@value #KEPT_SECONDS} s: a retransmission of one of them must
 * reach its transaction however busy the node is, never be refused as a new call at the socket. An INVITE is
 * retransmitted for at most 64·T1 = 32 s (RFC 3261 §17.1.1.2), so that is as long as an entry is kept.
 */
public final class AdmittedCalls {

    static final long KEPT_SECONDS = 32;

    private final Map<String, Long> admittedAt = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public AdmittedCalls(LongSupplier nanos) {
        this.nanos = nanos;
    }

    public void admitted(String callId) {
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
