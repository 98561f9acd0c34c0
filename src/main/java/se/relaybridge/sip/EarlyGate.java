package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;

/**
 * What relaybridge decides on a message on the SIP stack's message thread, after parsing and before the stack
 * looks up or creates a transaction or a dialog for it (the JAIN SIP RI's message valve). Everything here must be
 * cheap and never block: it runs once for every message the node receives.
 */
public interface EarlyGate {

    /** True lets the request on to the stack; false when the gate answered it statelessly or dropped it. */
    boolean onRequest(SIPRequest request, MessageChannel channel);

    /** True lets the response on to the stack; false when the gate handled it. */
    boolean onResponse(SIPResponse response);

    EarlyGate OPEN = new EarlyGate() {
        @Override
        public boolean onRequest(SIPRequest request, MessageChannel channel) {
            return true;
        }

        @Override
        public boolean onResponse(SIPResponse response) {
            return true;
        }
    };
}
