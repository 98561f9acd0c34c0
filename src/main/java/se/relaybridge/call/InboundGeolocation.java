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
        ContentTypeHeader type = (ContentTypeHeader) invite.getHeader(ContentTypeHeader.NAME);
        List<MimeParts.Part> parts = MimeParts.of(type == null ? null : contentTypeValue(type), invite.getRawContent());
        return MimeParts.byContentId(parts, cid.group(1))
                .filter(p -> p.mediaType().equals("application/pidf+xml"))
                .map(p -> PidfLoCivic.parse(p.text()))
                .orElseGet(() -> CivicLocation.unreadable("no application/pidf+xml part with the Content-ID of Geolocation"));
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
