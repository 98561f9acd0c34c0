package se.relaybridge.call;

import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.SipProvider;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The guard against leaks: compares the SIP stack's dialogs with the calls relaybridge holds. A dialog
 * still alive whose call has left the registry is an orphan — a bug — and is logged and deleted so it
 * cannot hold memory or a transaction for ever. Transaction counts leave out the pinger's OPTIONS, which are
 * housekeeping, not calls.
 */
public final class LeakSweep {

    private static final Logger LOG = Logger.getLogger(LeakSweep.class.getName());

    private final SipProvider provider;
    private final CallRegistry registry;
    private final IntSupplier housekeepingTransactions;

    LeakSweep(SipProvider provider, CallRegistry registry, IntSupplier housekeepingTransactions) {
        this.provider = provider;
        this.registry = registry;
        this.housekeepingTransactions = housekeepingTransactions;
    }

    public LeakReport sweep() {
        SIPTransactionStack stack = (SIPTransactionStack) provider.getSipStack();
        int live = 0;
        int orphans = 0;
        for (Dialog dialog : stack.getDialogs()) {
            if (dialog.getState() == DialogState.TERMINATED) {
                continue;
            }
            live++;
            if (isOrphan(dialog)) {
                orphans++;
                LOG.warning(() -> "leak sweep: dialog in state " + dialog.getState() + " outlived its call; deleting it");
                try {
                    dialog.delete();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "could not delete orphan dialog", e);
                }
            }
        }
        return new LeakReport(registry.size(), live - orphans, orphans, stack.getServerTransactionTableSize(),
                Math.max(0, stack.getClientTransactionTableSize() - housekeepingTransactions.getAsInt()));
    }

    private boolean isOrphan(Dialog dialog) {
        if (!(dialog.getApplicationData() instanceof Leg leg)) {
            // a dialog relaybridge never took (an early dialog the stack made on its own) counts as its call's only
            // when that call still exists
            return dialog.getCallId() != null && registry.leg(dialog.getCallId().getCallId()).isEmpty();
        }
        return registry.call(leg.call().id()).isEmpty();
    }
}
