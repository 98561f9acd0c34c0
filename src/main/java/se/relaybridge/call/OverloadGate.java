package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import se.relaybridge.overload.LoadShedder;
import se.relaybridge.overload.ShedReason;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.sip.EarlyGate;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.ScreenedRequest;
import se.relaybridge.sip.SipContext;
import se.relaybridge.sip.udp.InviteKey;

import javax.sip.InvalidArgumentException;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * relaybridge's decisions before the stack does any work for a message (docs/overload.md):
 * <ul>
 *   <li>A new INVITE the {@link LoadShedder} does not admit gets a stateless {@code 503} with {@code Retry-After}
 *   at once, on this thread (RFC 3261 §21.5.4): no transaction, no dialog, no call. A retransmission of an
 *   admitted INVITE passes, its transaction absorbs it.</li>
 *   <li>A retransmitted {@code 2xx} to relaybridge's own INVITE, whose client transaction is gone, goes straight to
 *   its call to be ACKed again (RFC 3261 §13.2.2.4). The RI would first compare it with every client transaction
 *   it holds, on this one message thread: at a high call rate each such scan made the next retransmission likelier.</li>
 * </ul>
 * Before both, the per-source flood guard ({@link SipEdge}) sees every request. OPTIONS and every in-dialog request
 * are not shed: health probes are answered as long as the node takes calls.
 */
final class OverloadGate implements EarlyGate {

    private static final Logger LOG = Logger.getLogger(OverloadGate.class.getName());

    private final LoadShedder shedder;
    private final Supplier<ProfileSet> profiles;
    private final Supplier<SIPTransactionStack> stack;
    private final SipContext sip;
    private final B2buaListener listener;
    private final se.relaybridge.overload.RecentInvites admitted;
    private final se.relaybridge.overload.RecentInvites refused;
    private volatile Trunks trunks;

    /** The relay trunks of one profile set, computed once per set. */
    private record Trunks(ProfileSet profiles, Set<String> ids) {
    }

    /** {@code shedder} null: overload control is off, and only retransmitted answers are taken care of here. */
    OverloadGate(LoadShedder shedder, Supplier<ProfileSet> profiles, Supplier<SIPTransactionStack> stack, SipContext sip,
                 B2buaListener listener, se.relaybridge.overload.RecentInvites admitted,
                 se.relaybridge.overload.RecentInvites refused) {
        this.shedder = shedder;
        this.admitted = admitted;
        this.refused = refused;
        this.profiles = profiles;
        this.stack = stack;
        this.sip = sip;
        this.listener = listener;
    }

    @Override
    public boolean onRequest(SIPRequest request, MessageChannel channel) {
        // the flood guard first: a banned source's INVITEs must not spend the shared part of the node's rate
        if (listener.edge().turnsAway(request, sip, listener.pool())) {
            return false;
        }
        if (!Request.INVITE.equals(request.getMethod()) || request.getToTag() != null
                || request instanceof ScreenedRequest screened && screened.rejection() != null) {
            return true;
        }
        SIPTransactionStack transactions = stack.get();
        if (shedder == null || transactions == null || transactions.findTransaction(request, true) != null) {
            return true;
        }
        String key = request.getCallId() == null || request.getCSeq() == null ? null
                : InviteKey.of(request.getCallId().getCallId(), request.getCSeq().getSeqNumber());
        if (key != null && refused.contains(key)) {
            // a retransmission of an INVITE already refused, here or at the socket: refused again, not counted again;
            // admitted now, its call would go on after the relay was told 503 (docs/overload.md)
            refuse(request, channel, ShedReason.RECEIVE_LAG);
            return false;
        }
        ProfileSet set = profiles.get();
        ShedReason reason = shedder.admit(trunkOf(set, listener.edge().senderOf(request)), trunkIds(set),
                request instanceof ScreenedRequest screened && screened.lagJudgedAtSocket());
        if (reason == null) {
            // its retransmissions must pass the receive loop's own refusals (docs/overload.md)
            if (key != null) {
                admitted.seen(key);
            }
            return true;
        }
        if (key != null) {
            refused.seen(key);
        }
        refuse(request, channel, reason);
        return false;
    }

    @Override
    public boolean onResponse(SIPResponse response) {
        if (response.getStatusCode() / 100 != 2 || response.getCSeq() == null
                || !Request.INVITE.equals(response.getCSeq().getMethod())) {
            return true;
        }
        SIPTransactionStack transactions = stack.get();
        if (transactions == null || transactions.findTransaction(response.getTransactionId(), false) != null) {
            return true;
        }
        listener.retransmittedAnswer(response);
        return false;
    }

    private static String trunkOf(ProfileSet set, InetAddress source) {
        return source == null ? null : set.match(source).map(RelayProfile::id).orElse(null);
    }

    private Set<String> trunkIds(ProfileSet set) {
        Trunks current = trunks;
        if (current == null || current.profiles() != set) {
            current = new Trunks(set, Set.copyOf(set.byId().keySet()));
            trunks = current;
        }
        return current.ids();
    }

    private void refuse(SIPRequest request, MessageChannel channel, ShedReason reason) {
        try {
            SIPResponse response = request.createResponse(Response.SERVICE_UNAVAILABLE);
            response.getTo().setTag(Utils.getInstance().generateTag());
            response.setHeader(sip.headers().createRetryAfterHeader(shedder.limits().retryAfterSeconds()));
            response.setHeader(sip.headers().createServerHeader(List.of(Product.TOKEN)));
            gov.nist.javax.sip.header.Via via = request.getTopmostVia();
            if (via != null && "UDP".equalsIgnoreCase(via.getTransport())) {
                // RFC 3261 §18.2.2 with RFC 3581: to the source address, at its rport when it asked for one
                int rport = via.getRPort();
                channel.sendMessage(response, SipEdge.sourceOf(request), rport > 0 ? rport : channel.getPeerPort());
            } else {
                channel.sendMessage(response);
            }
        } catch (IOException | ParseException | InvalidArgumentException | RuntimeException e) {
            LOG.log(Level.FINE, "no 503 for a shed INVITE (" + reason.label() + ")", e);
        }
    }
}
