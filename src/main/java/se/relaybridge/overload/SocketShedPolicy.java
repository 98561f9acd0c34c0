package se.relaybridge.overload;

import se.relaybridge.sip.OverloadLimits;
import se.relaybridge.sip.udp.SocketShedding;

/**
 * The node's overload limits as the UDP receive loop applies them to new INVITEs (docs/overload.md): beyond
 * {@code maxReceiveLagMillis}, unless the Call-ID is of a call already admitted; each refusal counted as shed for
 * {@code receive-lag}, as the same refusal on the message thread would be.
 */
public final class SocketShedPolicy implements SocketShedding {

    private final OverloadLimits limits;
    private final LoadShedder shedder;
    private final AdmittedCalls admitted;

    public SocketShedPolicy(OverloadLimits limits, LoadShedder shedder, AdmittedCalls admitted) {
        this.limits = limits;
        this.shedder = shedder;
        this.admitted = admitted;
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
    public boolean admitted(String callId) {
        return admitted.contains(callId);
    }

    @Override
    public void refused() {
        shedder.shedAtSocket();
    }
}
