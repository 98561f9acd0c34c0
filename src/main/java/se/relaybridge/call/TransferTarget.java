package se.relaybridge.call;

import gov.nist.javax.sip.address.SipUri;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.sip.SipSettings;

import javax.sip.address.SipURI;
import javax.sip.address.TelURL;
import javax.sip.address.URI;
import javax.sip.header.ReferToHeader;
import javax.sip.message.Request;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a REFER sends the call: the Refer-To URI without its embedded headers, the {@code Replaces} of an
 * attended transfer (RFC 3891) taken out of them, and the queue in {@code queues.json} the target belongs to, so
 * that a target marked {@code emergency} is presented as one however the nurse dialled it.
 *
 * @param replaces  the dialog the target is to replace, decoded ({@code call-id;to-tag=…;from-tag=…}), or null
 * @param fallbacks for a transfer to a queue, its other targets in the order to try them should this one fail over
 */
record TransferTarget(SipURI uri, String transport, String replaces, QueueSpec queue, List<String> fallbacks) {

    private static final String REPLACES = "Replaces";
    private static final String ADHOC_QUEUE = "transfer";

    /** Why a REFER cannot be carried out; answered with {@code status} before anything is tried. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String reason) {
            super(reason);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * The target of {@code refer}. A URI whose user is a queue id at relaybridge's own host
     * ({@code sip:112@relaybridge}), or a {@code tel:} URI whose number is one ({@code tel:112}), means that queue;
     * a URI that is one of a queue's targets takes that queue's presentation; any other SIP URI is called as it is,
     * with relay metadata as for a queue.
     */
    static TransferTarget of(Request refer, QueueDirectory queues, SipSettings settings,
                             UnaryOperator<List<String>> healthOrder)
            throws Refused {
        // the stack keeps one Refer-To (a second one replaces the first), so only its absence is left to check
        ReferToHeader referTo = (ReferToHeader) refer.getHeader(ReferToHeader.NAME);
        if (referTo == null) {
            throw new Refused(400, "Missing Refer-To");
        }
        URI uri = referTo.getAddress().getURI();
        if (uri instanceof TelURL tel) {
            // a desk phone's "transfer to 112" arrives as tel:112: a queue of that id, if there is one
            QueueSpec queue = queues.get(tel.getPhoneNumber()).orElseThrow(
                    () -> new Refused(404, "No queue for this tel: URI"));
            return queue(queue, settings, healthOrder);
        }
        if (!(uri instanceof SipUri sip) || sip.getHost() == null) {
            throw new Refused(403, "Refer-To must be a SIP URI");
        }
        String replaces = Optional.ofNullable(sip.getHeader(REPLACES)).map(TransferTarget::percentDecoded).orElse(null);
        if (replaces != null && !replaces.matches("[^;\\s]+(;\\s*[A-Za-z-]+=[^;\\s]+)+")) {
            throw new Refused(400, "Bad Replaces in Refer-To");
        }
        SipUri target = (SipUri) sip.clone();
        target.removeHeaders();
        target.removeParameter("method");
        Optional<QueueSpec> byId = Optional.ofNullable(target.getUser())
                .filter(user -> ownHost(target, settings))
                .flatMap(queues::get);
        if (byId.isPresent()) {
            return queue(byId.get(), replaces, settings, healthOrder);
        }
        QueueSpec queue = queues.queues().values().stream()
                .filter(q -> q.targets().stream().anyMatch(t -> sameTarget(parseOrNull(t), target)))
                .findFirst()
                .orElseGet(() -> adhoc(target));
        return checked(target, replaces, queue, settings);
    }

    /** {@code queue}'s healthiest target, the others behind it: also where a call goes back to when its transfer failed unattended. */
    static TransferTarget queue(QueueSpec queue, SipSettings settings, UnaryOperator<List<String>> healthOrder)
            throws Refused {
        return queue(queue, null, settings, healthOrder);
    }

    private static TransferTarget queue(QueueSpec queue, String replaces, SipSettings settings,
                                        UnaryOperator<List<String>> healthOrder) throws Refused {
        List<String> order = healthOrder.apply(queue.targets());
        return checked(parse(order.get(0)), replaces, queue, settings, order.subList(1, order.size()));
    }

    /** The queue's next target, when this one failed over; empty when none is left that relaybridge can reach. */
    Optional<TransferTarget> next(SipSettings settings) {
        for (int i = 0; i < fallbacks.size(); i++) {
            try {
                return Optional.of(checked(parse(fallbacks.get(i)), replaces, queue, settings,
                        fallbacks.subList(i + 1, fallbacks.size())));
            } catch (Refused unusable) {
                // a target relaybridge cannot reach is skipped, as queue failover skips it
            }
        }
        return Optional.empty();
    }

    private static TransferTarget checked(SipUri target, String replaces, QueueSpec queue, SipSettings settings)
            throws Refused {
        return checked(target, replaces, queue, settings, List.of());
    }

    private static TransferTarget checked(SipUri target, String replaces, QueueSpec queue, SipSettings settings,
                                          List<String> fallbacks) throws Refused {
        String transport = target.getTransportParam() == null ? "udp" : target.getTransportParam().toLowerCase(Locale.ROOT);
        if (!settings.hasTransport(transport)) {
            throw new Refused(403, "Transport " + transport + " not served");
        }
        return new TransferTarget(target, transport, replaces, queue, List.copyOf(fallbacks));
    }

    private static boolean ownHost(SipUri uri, SipSettings settings) {
        return uri.getHost().equalsIgnoreCase(settings.publicHost())
                && (uri.getPort() <= 0 || settings.listeningPoints().stream().anyMatch(p -> p.port() == uri.getPort()));
    }

    /** A target not in queues.json: relay metadata as for any queue, nothing that needs an agreement. */
    private static QueueSpec adhoc(SipURI target) {
        return new QueueSpec(ADHOC_QUEUE, "transfer to " + target.getHost(), List.of(target.toString()),
                true, false, true, null, false, null, false);
    }

    private static boolean sameTarget(SipUri a, SipUri b) {
        return a != null && Objects.equals(a.getUser(), b.getUser()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(SipUri uri) {
        return uri.getPort() > 0 ? uri.getPort() : 5060;
    }

    private static SipUri parse(String text) throws Refused {
        SipUri uri = parseOrNull(text);
        if (uri == null) {
            throw new Refused(500, "Queue target unusable");
        }
        return uri;
    }

    private static SipUri parseOrNull(String text) {
        try {
            return (SipUri) new gov.nist.javax.sip.parser.URLParser(text).sipURL(true);
        } catch (java.text.ParseException | ClassCastException e) {
            return null;
        }
    }

    /** RFC 3261 §19.1.1: embedded header values are escaped; '+' is a plus, not a space. */
    static String percentDecoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int i) {
        return i < text.length() && Character.digit(text.charAt(i), 16) >= 0;
    }
}
