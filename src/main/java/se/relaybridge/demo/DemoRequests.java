package se.relaybridge.demo;

import se.relaybridge.relay.InboundHeaders;
import se.relaybridge.relay.RelayProfile;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.address.Address;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The SIP messages of one demo caller: its INVITE as the relay provider of its profile writes it, and its answers. */
final class DemoRequests {

    private static final Logger LOG = Logger.getLogger(DemoRequests.class.getName());
    static final String USER_AGENT = "relaybridge-demo";

    private final RelayProfile profile;
    private DemoStack sip;

    DemoRequests(RelayProfile profile) {
        this.profile = profile;
    }

    void bind(DemoStack sip) {
        this.sip = sip;
    }

    /** An INVITE for 1177 to relaybridge at {@code relaybridge} (host:port), with the profile's metadata headers. */
    Request invite(String relaybridge, DemoCallDetails details, int firstPort) throws ParseException, InvalidArgumentException {
        int colon = relaybridge.lastIndexOf(':');
        SipURI target = sip.addresses.createSipURI("1177", relaybridge.substring(0, colon));
        target.setPort(Integer.parseInt(relaybridge.substring(colon + 1)));
        String domain = profile.provider() == null || profile.provider().domain() == null ? sip.host
                : profile.provider().domain();
        Address fromAddress = sip.addresses.createAddress(sip.addresses.createSipURI("relay", domain));
        fromAddress.setDisplayName(profile.name());
        FromHeader from = sip.headers.createFromHeader(fromAddress, tag());
        ToHeader to = sip.headers.createToHeader(sip.addresses.createAddress(sip.addresses.createSipURI("1177", "1177.se")), null);
        ViaHeader via = sip.headers.createViaHeader(sip.host, sip.port, "udp", null);
        CallIdHeader callId = sip.provider.getNewCallId();
        CSeqHeader cseq = sip.headers.createCSeqHeader(1L, Request.INVITE);
        Request invite = sip.messages.createRequest(target, Request.INVITE, callId, cseq, from, to, List.of(via),
                sip.headers.createMaxForwardsHeader(70));
        invite.addHeader(contact());
        invite.addHeader(sip.headers.createUserAgentHeader(List.of(USER_AGENT)));
        // the person's number, as a relay provider in the trust domain asserts it (RFC 3325)
        invite.addHeader(sip.headers.createHeader("P-Asserted-Identity", "<tel:" + details.number() + ">"));
        InboundHeaders names = profile.inboundHeaders();
        invite.addHeader(sip.headers.createHeader(names.interpreterHeader(), details.interpreter()));
        invite.addHeader(sip.headers.createHeader(names.municipalityHeader(), details.municipality()));
        if (details.language() != null) {
            invite.addHeader(sip.headers.createHeader(names.languageHeader(), details.language()));
        }
        invite.setContent(DemoSdp.offer(profile.relayService(), sip.host, firstPort, 1),
                sip.headers.createContentTypeHeader("application", "sdp"));
        return invite;
    }

    /** The SDP for a 200 to a re-INVITE or UPDATE: the answer to its offer, or a new offer when it had none. */
    String answerOrOffer(Request request, int firstPort) {
        return DemoSdp.in(request).map(offer -> DemoSdp.answer(offer, sip.host, firstPort, 2))
                .orElseGet(() -> DemoSdp.offer(profile.relayService(), sip.host, firstPort, 2));
    }

    void respond(RequestEvent event, int status, String sdp) {
        try {
            ServerTransaction tx = event.getServerTransaction() != null ? event.getServerTransaction()
                    : sip.provider.getNewServerTransaction(event.getRequest());
            Response response = sip.messages.createResponse(status, event.getRequest());
            if (Request.INVITE.equals(event.getRequest().getMethod()) && status < 300) {
                response.addHeader(contact());
            }
            if (sdp != null) {
                response.setContent(sdp, sip.headers.createContentTypeHeader("application", "sdp"));
            }
            tx.sendResponse(response);
        } catch (Exception e) {
            // a retransmission whose transaction exists is answered by the stack
            LOG.log(Level.FINE, "demo caller " + profile.id() + ": cannot answer " + event.getRequest().getMethod(), e);
        }
    }

    private javax.sip.header.ContactHeader contact() throws ParseException {
        SipURI contact = sip.addresses.createSipURI("relay", sip.host);
        contact.setPort(sip.port);
        return sip.headers.createContactHeader(sip.addresses.createAddress(contact));
    }

    private static String tag() {
        byte[] bytes = new byte[6];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
