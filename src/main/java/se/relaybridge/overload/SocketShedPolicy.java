package se.relaybridge.overload;

import se.relaybridge.sip.OverloadLimits;
import se.relaybridge.sip.udp.SocketShedding;

import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * The node's overload limits as the UDP receive loop applies them to new INVITEs (docs/overload.md): beyond
 * {@code maxReceiveLagMillis}, unless the Call-ID is of an INVITE already passed on to the stack; each refusal counted as shed for
 * {@code receive-lag}, as the same refusal on the message thread would be; an out-of-dialog OPTIONS answered there
 * {@code 200} when the flood guard lets its source pass.
 */
public final class SocketShedPolicy implements SocketShedding {

    private final OverloadLimits limits;
    private final LoadShedder shedder;
    private final RecentInvites admitted;
    private final RecentInvites refused;
    private final Predicate<InetAddress> optionsFrom;
    private final String allow;

    public SocketShedPolicy(OverloadLimits limits, LoadShedder shedder, RecentInvites admitted, RecentInvites refused,
                            Predicate<InetAddress> optionsFrom, String allow) {
        this.limits = limits;
        this.shedder = shedder;
        this.admitted = admitted;
        this.refused = refused;
        this.optionsFrom = optionsFrom;
        this.allow = allow;
    }

    @Override
    public boolean answersOptionsFrom(InetAddress source) {
        return optionsFrom.test(source);
    }

    @Override
    public String allow() {
        return allow;
    }

    @Override
    public long maxLagMillis() {
        return limits.maxReceiveLagMillis();
    }

    @Override
    public int retryAfterSeconds() {
        return limits.retryAfterSeconds();
    }

    @Override
    public boolean passedOn(String inviteKey) {
        return admitted.contains(inviteKey);
    }

    @Override
    public void passingOn(String inviteKey) {
        admitted.seen(inviteKey);
    }

    @Override
    public void refused(String inviteKey) {
        // a retransmission of an INVITE refused before is no new call shed
        if (!refused.contains(inviteKey)) {
            shedder.shedAtSocket();
        }
        refused.seen(inviteKey);
    }
}
