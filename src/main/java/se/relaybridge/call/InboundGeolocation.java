package se.relaybridge.call;

import se.relaybridge.routing.CivicLocation;
import se.relaybridge.routing.PidfLoCivic;
import se.relaybridge.sip.MimeParts;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The person's civic location from a relay's INVITE (RFC 6442): a {@code Geolocation: <cid:…>} pointing at a
 * PIDF-LO body part, usable for routing only when {@code Geolocation-Routing: yes} says so. A location by
 * reference (an http or sip URI) would need a dereference on the call's path, so it is not used.
 */
final class InboundGeolocation {

    static final String GEOLOCATION = "Geolocation";
    static final String GEOLOCATION_ROUTING = "Geolocation-Routing";
    private static final Pattern CID = Pattern.compile("<\\s*cid:([^>\\s]+)\\s*>", Pattern.CASE_INSENSITIVE);

    private InboundGeolocation() {
    }

    /** The civic location to route by, an unreadable one saying why, or null when there is none to use. */
    static CivicLocation of(Request invite) {
        String routing = value(invite, GEOLOCATION_ROUTING);
        String geolocation = value(invite, GEOLOCATION);
        if (geolocation == null || routing == null || !routing.trim().toLowerCase(Locale.ROOT).equals("yes")) {
            return null;
        }
        Matcher cid = CID.matcher(geolocation);
        if (!cid.find()) {
            return CivicLocation.unreadable("Geolocation is not by value (cid:)");
        }
        return byValue(invite, cid.group(1))
                .map(p -> PidfLoCivic.parse(p.text()))
                .orElseGet(() -> CivicLocation.unreadable("no application/pidf+xml part with the Content-ID of Geolocation"));
    }

    /**
     * The PIDF-LO the relay sent by value, byte for byte (RFC 6442 §3: a location is never altered on its way), for
     * a target that must know where the person is (112) whatever the relay allowed for routing; null when none.
     */
    static byte[] pidfLo(Request invite) {
        String geolocation = value(invite, GEOLOCATION);
        Matcher cid = geolocation == null ? null : CID.matcher(geolocation);
        if (cid == null || !cid.find()) {
            return null;
        }
        return byValue(invite, cid.group(1)).map(MimeParts.Part::content).orElse(null);
    }

    /** The relay's own Geolocation-Routing, which travels with its location; null when it said nothing. */
    static String routingAllowed(Request invite) {
        return value(invite, GEOLOCATION_ROUTING);
    }

    private static java.util.Optional<MimeParts.Part> byValue(Request invite, String contentId) {
        ContentTypeHeader type = (ContentTypeHeader) invite.getHeader(ContentTypeHeader.NAME);
        List<MimeParts.Part> parts = MimeParts.of(type == null ? null : contentTypeValue(type), invite.getRawContent());
        return MimeParts.byContentId(parts, contentId).filter(p -> p.mediaType().equals("application/pidf+xml"));
    }

    static String contentTypeValue(ContentTypeHeader type) {
        return QueueInviteBuilder.valueOf(type);
    }

    private static String value(Request request, String name) {
        ListIterator<?> headers = request.getHeaders(name);
        if (headers == null || !headers.hasNext()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        while (headers.hasNext()) {
            joined.append(joined.isEmpty() ? "" : ", ").append(QueueInviteBuilder.valueOf((Header) headers.next()));
        }
        return joined.toString();
    }
}
