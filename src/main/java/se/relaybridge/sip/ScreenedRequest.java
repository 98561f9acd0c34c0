package se.relaybridge.sip;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;

import javax.sip.message.Request;
import java.util.Locale;

/**
 * A request as relaybridge's parser hands it to the stack: with the answer the parser already decided on
 * ({@link #rejection()}, null when the request is well formed), and a transaction key that follows RFC 3261
 * §17.2.3. The RI keys a server transaction by the Via branch alone; two different requests that reuse one
 * branch (the RFC 4475 messages do, as do some broken clients) would be taken for retransmissions of each other
 * and the second dropped without an answer. The key here adds the sent-by and the method, ACK matching the INVITE.
 */
public final class ScreenedRequest extends SIPRequest {

    private static final long serialVersionUID = 1L;
    private Rejection rejection;
    private final long receivedNanos = receivedNow();
    private final boolean lagJudged = se.relaybridge.sip.udp.ReceiveStamp.lagJudged();
    // the RI asks for the id many times per message (lookups, tables, logs): built once per topmost Via and branch
    private transient Via idOf;
    private transient String idBranch;
    private transient String id;

    // the parser creates the request on the thread that received its bytes
    private static long receivedNow() {
        long stamp = se.relaybridge.sip.udp.ReceiveStamp.current();
        return stamp != 0 ? stamp : System.nanoTime();
    }

    /**
     * When this request was received ({@link System#nanoTime()}): over UDP when its datagram left the socket, before
     * any wait for a message thread; otherwise when it was parsed.
     */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** Whether the UDP receive loop checked the node's receive lag for this new INVITE and let it in. */
    public boolean lagJudgedAtSocket() {
        return lagJudged;
    }

    /** The answer the parser decided on, or null. */
    public Rejection rejection() {
        return rejection;
    }

    void reject(Rejection answer) {
        if (rejection == null) {
            rejection = answer;
        }
    }

    @Override
    public String getTransactionId() {
        Via top = getTopmostVia();
        if (id != null && top == idOf && top != null && java.util.Objects.equals(top.getBranch(), idBranch)) {
            return id;
        }
        String built = transactionId(top);
        idOf = top;
        idBranch = top == null ? null : top.getBranch();
        id = built;
        return built;
    }

    private String transactionId(Via top) {
        String branchKey = super.getTransactionId();
        if (top == null || top.getBranch() == null || getCSeq() == null
                || !branchKey.startsWith("z9hg4bk")) {
            return branchKey;
        }
        String method = getCSeq().getMethod();
        String matched = Request.ACK.equals(method) ? Request.INVITE : method;
        return branchKey + "|" + top.getSentBy().encode().toLowerCase(Locale.ROOT) + "|" + matched;
    }
}
