package se.relaybridge.call;

import se.relaybridge.sip.SipSettings;

import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import java.util.ListIterator;
import java.util.Locale;

/**
 * Spots a request that has already passed through relaybridge: one of its Via headers carries relaybridge's
 * own sent-by. relaybridge never lets its Via reach the other leg, so this only happens when a proxy routes
 * a call relaybridge placed back to it (RFC 7332 §3: loops through a B2BUA must still be detected).
 */
final class ViaLoop {

    private ViaLoop() {
    }

    static boolean passedThrough(Request request, SipSettings settings) {
        ListIterator<?> vias = request.getHeaders(ViaHeader.NAME);
        while (vias.hasNext()) {
            ViaHeader via = (ViaHeader) vias.next();
            String transport = via.getTransport().toLowerCase(Locale.ROOT);
            int port = via.getPort() > 0 ? via.getPort() : "tls".equals(transport) ? 5061 : 5060;
            if (via.getHost().equalsIgnoreCase(settings.publicHost()) && settings.hasTransport(transport)
                    && port == settings.port(transport)) {
                return true;
            }
        }
        return false;
    }
}
