package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPMessage;
import se.relaybridge.relay.Cidr;

import javax.sip.header.Header;
import javax.sip.message.Request;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The SIP front of a cluster (docs/cluster.md): the addresses it sends from and the route a node puts on the INVITE
 * that opens a leg, so that the front record-routes every leg and can hand its in-dialog requests to another node.
 * Relay trunks are told by the address a request really came from; behind the front every request comes from the
 * front, which names the real sender in {@link #SOURCE_HEADER} after removing any copy the sender wrote. The header
 * is believed only in a packet from the front's own addresses, so a stranger cannot pass for a trunk.
 */
public record FrontProxy(List<Cidr> addresses, String route) {

    public static final String SOURCE_HEADER = "X-Relaybridge-Source";
    /** No front: every request is judged by its packet's source. */
    public static final FrontProxy NONE = new FrontProxy(List.of(), null);

    public FrontProxy {
        addresses = List.copyOf(addresses);
    }

    public boolean isFront(InetAddress source) {
        for (Cidr block : addresses) {
            if (block.contains(source)) {
                return true;
            }
        }
        return false;
    }

    /** The route an INVITE opening a leg carries (a loose route to the front), when there is a front. */
    public Optional<String> outboundRoute() {
        return Optional.ofNullable(route);
    }

    /**
     * Who sent {@code request}: the packet's source, or — for a packet from the front that names the sender — the
     * address the front names. A front's own request (its OPTIONS probe) is the front's.
     */
    public InetAddress sourceOf(Request request) {
        InetAddress packet = packetSourceOf(request);
        if (addresses.isEmpty() || packet == null || !isFront(packet)) {
            return packet;
        }
        Header named = request.getHeader(SOURCE_HEADER);
        if (named == null) {
            return packet;
        }
        return namedSource(named instanceof javax.sip.header.ExtensionHeader extension ? extension.getValue() : null).orElse(packet);
    }

    /** The address in {@code transport:address:port}, {@code address:port} or {@code address}; never a DNS look-up. */
    static Optional<InetAddress> namedSource(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.trim();
        int colon = text.indexOf(':');
        if (colon > 0 && text.substring(0, colon).chars().allMatch(Character::isLetter)) {
            text = text.substring(colon + 1);
        }
        String host;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            host = end < 0 ? "" : text.substring(1, end);
        } else {
            int port = text.lastIndexOf(':');
            host = port >= 0 && text.indexOf(':') == port ? text.substring(0, port) : text;
        }
        return Cidr.parse(host).filter(cidr -> cidr.prefixLength() == cidr.network().length * 8)
                .map(cidr -> {
                    try {
                        return InetAddress.getByAddress(cidr.network());
                    } catch (java.net.UnknownHostException e) {
                        return null;
                    }
                });
    }

    /** The address the packet came from, as the stack read it. */
    public static InetAddress packetSourceOf(Request request) {
        SIPMessage message = (SIPMessage) request;
        return message.getPeerPacketSourceAddress() != null ? message.getPeerPacketSourceAddress()
                : message.getRemoteAddress();
    }
}
