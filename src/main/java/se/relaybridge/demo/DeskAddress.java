package se.relaybridge.demo;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import java.io.IOException;
import java.text.ParseException;

/** Where the demo desk listens: the host and port of a queue target such as {@code sip:1177@127.0.0.1:5070}. */
final class DeskAddress {

    private DeskAddress() {
    }

    static SipURI parse(String target) throws IOException {
        try {
            URI uri = new gov.nist.javax.sip.address.AddressFactoryImpl().createURI(target);
            if (!(uri instanceof SipURI sip) || sip.getHost() == null) {
                throw new IOException("queue target '" + target + "' is not a sip: URI with a host");
            }
            String transport = sip.getTransportParam();
            if (transport != null && !"udp".equalsIgnoreCase(transport)) {
                throw new IOException("queue target '" + target + "' is not UDP; the demo desk speaks UDP only");
            }
            return sip;
        } catch (ParseException e) {
            throw new IOException("queue target '" + target + "' is not a SIP URI", e);
        }
    }
}
