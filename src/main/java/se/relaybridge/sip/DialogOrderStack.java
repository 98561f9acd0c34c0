package se.relaybridge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.ServerRequestInterface;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import gov.nist.javax.sip.stack.StackMessageFactory;

import javax.sip.PeerUnavailableException;
import java.util.Properties;

/**
 * The JAIN SIP RI stack relaybridge runs: the RI's own, except that every new server transaction hands its
 * request to {@link DialogOrder} before the RI's dialog layer (its {@code DialogFilter}) sees it. The RI answers
 * some dialog faults wrongly or not at all (docs/sip-edge.md, "Requests out of order in a dialog"); those are
 * answered there, everything else goes on to the RI unchanged.
 */
final class DialogOrderStack extends SipStackImpl {

    DialogOrderStack(Properties properties) throws PeerUnavailableException {
        super(properties);
        setMessageFactory(new OrderCheckingFactory(sipMessageFactory, this));
    }

    private record OrderCheckingFactory(StackMessageFactory ri, DialogOrderStack stack) implements StackMessageFactory {

        @Override
        public ServerRequestInterface newSIPServerRequest(SIPRequest request, SIPTransaction transaction) {
            ServerRequestInterface dialogLayer = ri.newSIPServerRequest(request, transaction);
            return dialogLayer != null && transaction instanceof SIPServerTransaction server
                    ? new DialogOrder(dialogLayer, server, stack) : dialogLayer;
        }

        @Override
        public ServerResponseInterface newSIPServerResponse(SIPResponse response, MessageChannel channel) {
            return ri.newSIPServerResponse(response, channel);
        }
    }
}
