package se.relaybridge.call;

import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.SipProvider;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
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
        List<String> calls = callClientTransactions(stack);
        return new LeakReport(registry.size(), live - orphans, orphans, stack.getServerTransactionTableSize(),
                calls.size(), calls);
    }

    /**
     * Client transactions that belong to calls: the stack's table without the pinger's OPTIONS. The table is
     * not public in the RI, so it is read reflectively; if that ever fails, the pinger's own count is taken off.
     */
    private List<String> callClientTransactions(SIPTransactionStack stack) {
        try {
            Field field = SIPTransactionStack.class.getDeclaredField("clientTransactionTable");
            field.setAccessible(true);
            Map<?, ?> table = (Map<?, ?>) field.get(stack);
            return table.values().stream().map(ClientTransaction.class::cast)
                    .filter(tx -> !(tx.getApplicationData() instanceof TargetPinger.Ping))
                    .map(tx -> tx.getRequest().getMethod() + "/" + tx.getState()
                            + (tx.getApplicationData() instanceof TxTag tag ? "/" + tag.purpose() : ""))
                    .toList();
        } catch (ReflectiveOperationException | RuntimeException e) {
            int count = Math.max(0, stack.getClientTransactionTableSize() - housekeepingTransactions.getAsInt());
            return java.util.Collections.nCopies(count, "?");
        }
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
