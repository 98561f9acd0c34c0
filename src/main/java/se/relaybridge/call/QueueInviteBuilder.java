package se.relaybridge.call;

import gov.nist.javax.sip.Utils;
import se.relaybridge.relay.RelayHeaders;
import se.relaybridge.relay.MetadataBody;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.sip.MimeParts;
import se.relaybridge.sip.Product;
import se.relaybridge.sip.SipContext;

import javax.sip.InvalidArgumentException;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import java.text.ParseException;
import java.util.List;

/**
 * Builds the INVITE relaybridge sends to the nurse queue. It is a new request, not a copy: only the headers
 * on the allow-list cross from the relay leg, so nothing of the relay's Via, Contact, Record-Route or
 * Call-ID reaches the queue, and the relay metadata is added from the trusted profile.
 */
final class QueueInviteBuilder {

    /** Headers that pass end to end unchanged. */
    private static final String MAX_BREADTH = "Max-Breadth";
    private static final String CALL_INFO = "Call-Info";
    private static final String USER_TO_USER = "User-to-User";
    private static final int DEFAULT_MAX_BREADTH = 60;
    private static final String EMERGENCY = "emergency";
    private static final List<String> PASSED_THROUGH = List.of("Session-ID", "Subject", "Priority", "Accept-Language");

    private final SipMessaging messaging;
    /** Headers every queue INVITE carries with the same value: parsed once, cloned into each INVITE. */
    private final Header userAgent;
    private final Header defaultMaxBreadth;
    private final List<Header> sessionTimerHeaders;

    QueueInviteBuilder(SipMessaging messaging, SessionTimerPolicy sessionTimer) {
        this.messaging = messaging;
        HeaderFactory headers = messaging.sip().headers();
        try {
            this.userAgent = headers.createUserAgentHeader(List.of(Product.TOKEN));
            this.defaultMaxBreadth = headers.createHeader(MAX_BREADTH, String.valueOf(DEFAULT_MAX_BREADTH));
            // relaybridge runs the queue leg's session timer itself (RFC 4028); the queue may take the refreshing
            this.sessionTimerHeaders = List.of(headers.createSupportedHeader(SessionTimers.TIMER),
                    headers.createSupportedHeader(ReliableProvisionals.OPTION),
                    headers.createHeader(SessionExpires.HEADER, String.valueOf(sessionTimer.sessionExpires().toSeconds())),
                    headers.createHeader(SessionExpires.MIN_SE, String.valueOf(sessionTimer.minSe().toSeconds())));
        } catch (ParseException e) {
            throw new IllegalStateException("the queue INVITE's fixed headers do not parse", e);
        }
    }

    Request build(Call call, Request relayInvite, RelayProfile profile, URI target, CallIdHeader callId,
                  int maxForwards, String transport) throws ParseException, InvalidArgumentException {
        return build(call, relayInvite, profile, call.queueSpec(), target, callId, maxForwards, transport,
                sdpOf(relayInvite));
    }

    /**
     * The INVITE for {@code queue}, offering {@code sdp}: a transfer target gets the relay's current SDP, which
     * after a re-INVITE is no longer the one in the relay's first INVITE.
     */
    Request build(Call call, Request relayInvite, RelayProfile profile, QueueSpec queue, URI target,
                  CallIdHeader callId, int maxForwards, String transport, byte[] sdp)
            throws ParseException, InvalidArgumentException {
        SipContext sip = messaging.sip();
        FromHeader relayFrom = (FromHeader) relayInvite.getHeader(FromHeader.NAME);
        SipURI fromUri = sip.addresses().createSipURI(userOf(relayFrom.getAddress().getURI()), sip.settings().publicHost());
        Address fromAddress = sip.addresses().createAddress(fromUri);
        if (profile == null) {
            fromAddress.setDisplayName(UntrustedCaller.DISPLAY_NAME);
        } else if (relayFrom.getAddress().getDisplayName() != null) {
            fromAddress.setDisplayName(relayFrom.getAddress().getDisplayName());
        }
        if (profile != null && queue != null && queue.rewritesDisplayName()) {
            // so that even a plain phone on the nurse's desk shows at once that a relay is active
            fromAddress.setDisplayName(queue.displayNameFor(profile.service(), call.relaySession().personNumber()));
        }
        FromHeader from = sip.headers().createFromHeader(fromAddress, Utils.getInstance().generateTag());
        ToHeader to = sip.headers().createToHeader(sip.addresses().createAddress((URI) target.clone()), null);
        CSeqHeader cseq = sip.headers().createCSeqHeader(1L, Request.INVITE);
        ViaHeader via = sip.headers().createViaHeader(sip.settings().publicHost(), sip.settings().port(transport),
                transport, Utils.getInstance().generateBranchId());
        Request invite = sip.messages().createRequest((URI) target.clone(), Request.INVITE, callId, cseq, from, to,
                List.of(via), sip.headers().createMaxForwardsHeader(maxForwards));
        invite.addHeader(messaging.contact(transport));
        invite.addHeader((Header) userAgent.clone());
        if (profile != null && call.callback() == null) {
            // RFC 3325: the relay's asserted identity is trusted only from a relay trunk
            MidDialogBridge.copyAll(relayInvite, invite, RelayHeaders.P_ASSERTED_IDENTITY);
        }
        // RFC 7332 / 5393: Max-Breadth travels with the request; relaybridge forks serially, so it is kept whole
        Header maxBreadth = relayInvite.getHeader(MAX_BREADTH);
        invite.addHeader((Header) (maxBreadth != null ? maxBreadth : defaultMaxBreadth).clone());
        for (String name : profile == null ? UntrustedCaller.PASSED_THROUGH : PASSED_THROUGH) {
            MidDialogBridge.copyAll(relayInvite, invite, name);
        }
        for (Header header : sessionTimerHeaders) {
            invite.addHeader((Header) header.clone());
        }
        if (profile != null) {
            addRelayMetadata(call, profile, queue, invite);
        }
        if (profile != null && queue != null && queue.isEmergency()) {
            invite.setHeader(sip.headers().createPriorityHeader(EMERGENCY));
        }
        addBody(call, profile, queue, relayInvite, invite, sdp);
        return invite;
    }

    /** The X-Relay-* headers of DESIGN §6, from the call's relay metadata. */
    private void addRelayMetadata(Call call, RelayProfile profile, QueueSpec queue, Request invite) throws ParseException {
        SipContext sip = messaging.sip();
        RelaySession session = call.relaySession();
        if (call.callback() != null) {
            // towards the relay's callback trunk: which service and relay call it is, nothing of the nurse's side
            RelayMetadataHeaders.add(invite, session, call.callback().callId());
            return;
        }
        RelayMetadataHeaders.add(invite, session, call.id());
        if (session.callbackUri() != null) {
            invite.addHeader(sip.headers().createHeader(RelayHeaders.CALLBACK, "<" + session.callbackUri() + ">"));
        }
        if (queue != null && queue.sendsUserToUser()) {
            invite.addHeader(sip.headers().createHeader(USER_TO_USER, UserToUser.of(call.id(), profile, session)));
        }
        if (queue != null && queue.alertInfo() != null) {
            invite.addHeader(sip.headers().createHeader("Alert-Info", queue.alertInfo()));
        }
    }

    /**
     * The SDP, wrapped with the relay JSON (and, for a queue that wants them, the RFC 7852 blocks) in
     * multipart/mixed; a queue whose equipment reads only application/sdp gets the SDP alone.
     */
    private void addBody(Call call, RelayProfile profile, QueueSpec queue, Request relayInvite, Request invite, byte[] sdp)
            throws ParseException {
        if (call.relaySession() == null || queue == null || !queue.sendsMetadataBody()) {
            if (sdp != null) {
                invite.setContent(sdp, messaging.sip().headers().createContentTypeHeader("application", "sdp"));
            }
            return;
        }
        MetadataBody.Builder body = MetadataBody.builder(call.relaySession(), messaging.sip().settings().publicHost())
                .sdp(sdp);
        if (queue.sendsEmergencyCallData() && profile.provider() != null) {
            body.emergencyCallData(profile.provider());
        }
        if (queue.isEmergency()) {
            // the call taker must see who calls and where from, not only which relay
            body.subscriber(true).location(InboundGeolocation.pidfLo(relayInvite));
        }
        MetadataBody built = body.build();
        HeaderFactory headers = messaging.sip().headers();
        // made, not parsed from built.contentType(): the same header without a parser run per call
        ContentTypeHeader type = headers.createContentTypeHeader("multipart", "mixed");
        type.setParameter("boundary", built.boundary());
        invite.setContent(built.bytes(), type);
        for (String callInfo : built.callInfo()) {
            invite.addHeader(headers.createHeader(CALL_INFO, callInfo));
        }
        if (built.geolocation() != null) {
            String routing = InboundGeolocation.routingAllowed(relayInvite);
            invite.addHeader(headers.createHeader(InboundGeolocation.GEOLOCATION, built.geolocation()));
            invite.addHeader(headers.createHeader(InboundGeolocation.GEOLOCATION_ROUTING, routing == null ? "no" : routing));
        }
    }

    /**
     * The message's SDP body, or null when it has none (delayed offer). A relay may send the SDP in a multipart body
     * next to a PIDF-LO location (RFC 6442); then the SDP part alone goes on, the location stays with relaybridge.
     */
    static byte[] sdpOf(Message message) {
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        byte[] body = message.getRawContent();
        if (type == null || body == null || body.length == 0) {
            return null;
        }
        return MimeParts.firstOfType(MimeParts.of(valueOf(type), body), "application/sdp")
                .map(MimeParts.Part::content).filter(sdp -> sdp.length > 0).orElse(null);
    }

    static String valueOf(Header header) {
        String text = header.toString();
        int colon = text.indexOf(':');
        return text.substring(colon + 1).trim();
    }

    private static String userOf(URI uri) {
        if (uri instanceof SipURI sip && sip.getUser() != null) {
            return sip.getUser();
        }
        if (uri.isSipURI()) {
            return "anonymous";
        }
        String text = uri.toString();
        int colon = text.indexOf(':');
        int semi = text.indexOf(';');
        return text.substring(colon + 1, semi > 0 ? semi : text.length());
    }
}
