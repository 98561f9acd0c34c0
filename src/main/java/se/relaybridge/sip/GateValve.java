package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;

import javax.sip.SipStack;
import javax.sip.message.Response;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stack's message valve, holding relaybridge's {@link EarlyGate} once the B2BUA has made it (the stack receives
 * before the listener exists). A gate that fails lets the message on: the RI would drop a message whose valve
 * throws, and a bug in shedding must not lose a call.
 */
final class GateValve implements SIPMessageValve {

    private static final Logger LOG = Logger.getLogger(GateValve.class.getName());

    private volatile EarlyGate gate = EarlyGate.OPEN;

    void gate(EarlyGate gate) {
        this.gate = gate == null ? EarlyGate.OPEN : gate;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        try {
            return gate.onRequest(request, channel);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "early gate failed on a " + request.getMethod() + ": let through", e);
            return true;
        }
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        try {
            return !(response instanceof SIPResponse sip) || gate.onResponse(sip);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "early gate failed on a " + response.getStatusCode() + ": let through", e);
            return true;
        }
    }

    @Override
    public void init(SipStack stack) {
        // installed by SipStackRunner, not by the stack's SIP_MESSAGE_VALVE property
    }

    @Override
    public void destroy() {
        gate = EarlyGate.OPEN;
    }
}
