package se.relaybridge.demo;

import javax.sip.ServerTransaction;
import java.util.concurrent.ScheduledFuture;

/** One call at the demo desk. Guarded by its own monitor: listener threads and the demo's timers both touch it. */
final class DeskCall {

    final String callId;
    final ServerTransaction invite;
    final String tag;
    final int firstPort;
    boolean answered;
    boolean acked;
    boolean byeSent;
    boolean ended;
    ScheduledFuture<?> ring;
    ScheduledFuture<?> hangUp;

    DeskCall(String callId, ServerTransaction invite, String tag, int firstPort) {
        this.callId = callId;
        this.invite = invite;
        this.tag = tag;
        this.firstPort = firstPort;
    }

    void cancelTimers() {
        if (ring != null) {
            ring.cancel(false);
        }
        if (hangUp != null) {
            hangUp.cancel(false);
        }
    }
}
