package se.relaybridge.call;

import java.util.List;

/**
 * What the leak sweep found: calls in the registry, dialogs alive in the SIP stack, the ones among them
 * whose call is gone (orphans, ended by the sweep), and the stack's transaction tables (call client
 * transactions also as {@code METHOD/state/purpose}, to tell what lingers).
 */
public record LeakReport(int calls, int liveDialogs, int orphanDialogs, int serverTransactions, int clientTransactions,
                         List<String> clientTransactionStates) {

    /** True when nothing at all is left: the state after every call has ended and timers have run out. */
    public boolean empty() {
        return calls == 0 && liveDialogs == 0 && serverTransactions == 0 && clientTransactions == 0;
    }
}
