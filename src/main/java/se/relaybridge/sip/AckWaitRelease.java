package se.relaybridge.sip;

import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPStackTimerTask;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.Dialog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets an ended dialog go. When a 2xx to an INVITE this node sent arrives, the JAIN SIP RI schedules a task that
 * deletes the dialog if no ACK was sent within 64*T1 (RFC 3261 §13.3.1.4's wait, 32 s over UDP) and never cancels
 * it, ACK or not: every queue leg's dialog, with the messages and addresses it holds, stays reachable for 32 s after
 * its answer whatever the call's length. At 400 calls/s that is some 13,000 dead dialogs the collector copies at every
 * young pause (docs/load-bench.md, "What the heap holds"). An ended call has no ACK left to wait for.
 */
public final class AckWaitRelease {

    private static final Logger LOG = Logger.getLogger(AckWaitRelease.class.getName());
    private static final VarHandle TASK = taskField();

    private AckWaitRelease() {
    }

    /**
     * Whether this RI has the task field to cancel. Called once at start so that the class is loaded then: a class
     * first loaded while Payara stops may find the application's class loader already closed.
     */
    public static boolean available() {
        return TASK != null;
    }

    /** Cancels the dialog's wait for an ACK, if the stack still has one scheduled. */
    public static void release(Dialog dialog) {
        if (TASK == null || !(dialog instanceof SIPDialog sipDialog)) {
            return;
        }
        SipProviderImpl provider = sipDialog.getSipProvider();
        if (provider == null || !(provider.getSipStack() instanceof SIPTransactionStack stack)) {
            return;
        }
        SIPStackTimerTask task;
        // the stack schedules the task under the dialog's monitor (SIPDialog.doDeferredDeleteIfNoAckSent)
        synchronized (sipDialog) {
            task = (SIPStackTimerTask) TASK.get(sipDialog);
            TASK.set(sipDialog, null);
        }
        if (task != null && stack.getTimer() != null) {
            stack.getTimer().cancel(task);
        }
    }

    private static VarHandle taskField() {
        try {
            return MethodHandles.privateLookupIn(SIPDialog.class, MethodHandles.lookup())
                    .findVarHandle(SIPDialog.class, "dialogDeleteIfNoAckSentTask",
                            Class.forName(SIPDialog.class.getName() + "$DialogDeleteIfNoAckSentTask"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // another RI version: ended dialogs then live their 32 s, as they did before this class
            LOG.log(Level.WARNING, "the SIP stack's ACK wait cannot be released; ended dialogs stay 32 s", e);
            return null;
        }
    }
}
