package se.relaybridge.demo;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import java.util.concurrent.ScheduledFuture;

/** One call a demo caller placed. Guarded by its own monitor: listener threads and the demo's timers both touch it. */
final class CallerCall {

    final String callId;
    final ClientTransaction invite;
    final boolean givesUpWhileRinging;
    final int firstPort;
    boolean provisional;
    boolean cancelSent;
    boolean acked;
    boolean byeSent;
    Dialog dialog;
    ScheduledFuture<?> timer;

    CallerCall(String callId, ClientTransaction invite, boolean givesUpWhileRinging, int firstPort) {
        this.callId = callId;
        this.invite = invite;
        this.givesUpWhileRinging = givesUpWhileRinging;
        this.firstPort = firstPort;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
