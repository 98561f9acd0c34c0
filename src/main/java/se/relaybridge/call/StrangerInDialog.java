package se.relaybridge.call;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What of a stranger's request inside its call (re-INVITE, UPDATE, INFO, and the ACK of a bridged re-INVITE) may
 * cross to the nurse: the same trust decision its INVITE got (docs/trust-and-floods.md). A stranger is the relay leg
 * of a call admitted with no profile ({@code untrustedCalls: admit}). Its headers never cross (the request towards
 * the nurse is built from her leg's dialog, see {@link MidDialogBridge}); of its body only what cannot look like a
 * relay or an emergency does: the SDP of an offer or answer, alone, as {@code application/sdp}, and in an INFO a
 * DTMF event. Relay metadata, RFC 7852 blocks, a PIDF-LO or any other part stays with relaybridge.
 */
final class StrangerInDialog {

    /** INFO bodies a phone sends in a call (RFC 6086 §4.2.2 has the UAS refuse others with 415). */
    private static final Set<String> INFO_TYPES = Set.of("application/dtmf-relay", "application/dtmf");
    private static final String SDP = "application/sdp";

    /** A body to send on, or none; {@code refused} when the stranger's body holds nothing that may cross. */
    record Body(byte[] content, String mediaType, boolean refused) {

        static final Body NONE = new Body(null, null, false);
        static final Body REFUSED = new Body(null, null, true);

        boolean present() {
            return content != null;
        }

        /** Puts this body on {@code to}; nothing when there is none. */
        void setOn(Message to, HeaderFactory headers) throws ParseException {
            if (content == null) {
                return;
            }
            String[] type = mediaType.split("/", 2);
            to.setContent(content, headers.createContentTypeHeader(type[0], type[1]));
        }
    }

    private StrangerInDialog() {
    }

    /** Whether requests on {@code leg} come from a stranger: the relay leg of a call that has no relay profile. */
    static boolean isStranger(Leg leg) {
        return leg.role() == LegRole.RELAY && leg.call().profile() == null;
    }

    /**
     * The part of the stranger's body that may reach the nurse: for an INVITE, UPDATE or ACK its SDP alone; for an
     * INFO a DTMF body as it is. A body of which nothing may cross is {@link Body#REFUSED}.
     */
    static Body bodyOf(Message message, String method) {
        byte[] raw = message.getRawContent();
        ContentTypeHeader type = (ContentTypeHeader) message.getHeader(ContentTypeHeader.NAME);
        if (raw == null || raw.length == 0) {
            return Body.NONE;
        }
        if (Request.INFO.equals(method)) {
            String mediaType = type == null ? "" : (type.getContentType() + "/" + type.getContentSubType())
                    .toLowerCase(Locale.ROOT);
            return INFO_TYPES.contains(mediaType) ? new Body(raw, mediaType, false) : Body.REFUSED;
        }
        byte[] sdp = QueueInviteBuilder.sdpOf(message);
        return sdp == null ? Body.REFUSED : new Body(sdp, SDP, false);
    }

    /** What a refused stranger's body is answered with in {@code Accept} (RFC 3261 §21.4.13). */
    static List<String> accepted(String method) {
        return Request.INFO.equals(method) ? List.copyOf(INFO_TYPES) : List.of(SDP);
    }
}
