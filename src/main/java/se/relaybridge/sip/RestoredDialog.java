package se.relaybridge.sip;

import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.header.Route;
import gov.nist.javax.sip.header.RouteList;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import javax.sip.Dialog;
import javax.sip.SipProvider;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;

/**
 * A confirmed dialog taken up by this node from a {@link DialogSnapshot} another node made: registered in this
 * stack's dialog table, so that the peer's next request in it (a BYE, a re-INVITE) is matched to it as if this node
 * had set it up, and requests sent on it carry the dialog's Call-ID, tags, route set and the next CSeq (RFC 3261
 * §12.2). The stack's dialog is a class with its state in protected fields, open to a subclass for exactly this
 * (replicated dialogs); only the state RFC 3261 §12 names is restored, nothing of the dialog's transactions.
 */
public final class RestoredDialog extends SIPDialog {

    private RestoredDialog(SipProviderImpl provider, SIPResponse shape, DialogSnapshot snapshot,
                           HeaderFactory headers, AddressFactory addresses) throws ParseException {
        super(provider, shape);
        serverTransactionFlag = snapshot.server();
        setRemoteSequenceNumber(snapshot.remoteSeq());
        routeList = new RouteList();
        for (String route : snapshot.routeSet()) {
            routeList.add((Route) headers.createRouteHeader(addresses.createAddress(route)));
        }
        setRemoteTarget(headers.createContactHeader(addresses.createAddress(snapshot.remoteTarget())));
        setDialogId(shape.getDialogId(false));
        setState(CONFIRMED_STATE);
    }

    /**
     * Takes up the dialog of {@code snapshot} on {@code provider}'s stack; the peer's requests in it reach this
     * provider's listener with it as their dialog from now on.
     */
    public static Dialog restore(SipProvider provider, MessageFactory messages, HeaderFactory headers,
                                 AddressFactory addresses, DialogSnapshot snapshot) throws ParseException {
        RestoredDialog dialog = new RestoredDialog((SipProviderImpl) provider,
                shapeOf(snapshot, messages, headers, addresses), snapshot, headers, addresses);
        ((SIPTransactionStack) provider.getSipStack()).putDialog(dialog);
        return dialog;
    }

    /**
     * A 2xx as the stack's dialog constructor reads one: From is this side with its tag, To the peer with its tag,
     * CSeq this side's last sequence number. It is never sent.
     */
    private static SIPResponse shapeOf(DialogSnapshot snapshot, MessageFactory messages, HeaderFactory headers,
                                       AddressFactory addresses) throws ParseException {
        try {
            URI target = addresses.createURI(addresses.createAddress(snapshot.remoteTarget()).getURI().toString());
            FromHeader from = headers.createFromHeader(addresses.createAddress(snapshot.localParty()), snapshot.localTag());
            ToHeader to = headers.createToHeader(addresses.createAddress(snapshot.remoteParty()), snapshot.remoteTag());
            CallIdHeader callId = headers.createCallIdHeader(snapshot.callId());
            // a dialog this side answered and never sent in has no local sequence number yet (-1 in the stack)
            CSeqHeader cseq = headers.createCSeqHeader(Math.max(snapshot.localSeq(), 0), Request.INVITE);
            ViaHeader via = headers.createViaHeader("127.0.0.1", 5060, "UDP", "z9hG4bK-restored");
            MaxForwardsHeader maxForwards = headers.createMaxForwardsHeader(70);
            Request request = messages.createRequest(target, Request.INVITE, callId, cseq, from, to, List.of(via),
                    maxForwards);
            Response response = messages.createResponse(Response.OK, request);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(snapshot.remoteTag());
            Address contact = addresses.createAddress(snapshot.remoteTarget());
            ContactHeader contactHeader = headers.createContactHeader(contact);
            response.setHeader(contactHeader);
            return (SIPResponse) response;
        } catch (javax.sip.InvalidArgumentException e) {
            throw new ParseException("dialog " + snapshot.callId() + ": " + e.getMessage(), 0);
        }
    }
}
