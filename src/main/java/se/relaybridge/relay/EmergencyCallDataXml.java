package se.relaybridge.relay;

import se.relaybridge.routing.LanguageTags;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RFC 7852 additional-data blocks that say "a relay is on this call" in the words emergency and queue
 * equipment already understands: ProviderInfo ({@code TypeOfProvider} {@code Relay Provider}) and
 * ServiceInfo ({@code ServiceType} {@code relay}), and for emergency targets SubscriberInfo with the person's
 * number. Written with StAX so every value is escaped by the
 * XML writer, not by hand.
 */
public final class EmergencyCallDataXml {

    public static final String PROVIDER_INFO_NS = "urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo";
    public static final String SERVICE_INFO_NS = "urn:ietf:params:xml:ns:EmergencyCallData:ServiceInfo";
    public static final String PROVIDER_INFO_TYPE = "application/EmergencyCallData.ProviderInfo+xml";
    public static final String SERVICE_INFO_TYPE = "application/EmergencyCallData.ServiceInfo+xml";
    public static final String SUBSCRIBER_INFO_NS = "urn:ietf:params:xml:ns:EmergencyCallData:SubscriberInfo";
    public static final String SUBSCRIBER_INFO_TYPE = "application/EmergencyCallData.SubscriberInfo+xml";
    /** xCard (RFC 6351), the content of SubscriberData. */
    public static final String VCARD_NS = "urn:ietf:params:xml:ns:vcard-4.0";

    /** The languages of Swedish relay centres when a profile names none (RFC 7852 requires one). */
    private static final String DEFAULT_LANGUAGE = "sv";
    // the JDK's own writer: predictable output whatever StAX provider the server adds
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newDefaultFactory();
    /** As {@code PersonNumber} extracts it; anything else is not a number a call taker could dial. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

    private EmergencyCallDataXml() {
    }

    /**
     * The DataProviderReference shared by all blocks relaybridge adds to one call (RFC 7852 §4: a
     * world-unique msg-id without brackets).
     */
    public static String dataProviderReference(RelaySession session, String host) {
        return session.callId() + "@" + host;
    }

    /**
     * §4.1 ProviderInfo, elements in the schema's order. Empty when the profile has no contact URI: the
     * element is required, and inventing one would send a call taker to the wrong place.
     */
    public static Optional<String> providerInfo(RelaySession session, ProviderSpec provider, String reference) {
        if (provider == null || blank(provider.contactUri())) {
            return Optional.empty();
        }
        String name = blank(session.provider().name()) ? session.provider().id() : session.provider().name();
        return Optional.of(write(PROVIDER_INFO_NS, "pi", "EmergencyCallData.ProviderInfo", w -> {
            element(w, PROVIDER_INFO_NS, "DataProviderReference", reference);
            element(w, PROVIDER_INFO_NS, "DataProviderString", name);
            if (!blank(provider.domain())) {
                // no national registry of relay providers exists here: §4.1.2 allows the FQDN, series "domain"
                element(w, PROVIDER_INFO_NS, "ProviderID", provider.domain().trim());
                element(w, PROVIDER_INFO_NS, "ProviderIDSeries", "domain");
            }
            element(w, PROVIDER_INFO_NS, "TypeOfProvider", "Relay Provider");
            element(w, PROVIDER_INFO_NS, "ContactURI", provider.contactUri().trim());
            for (String language : languages(provider, session)) {
                element(w, PROVIDER_INFO_NS, "Language", language);
            }
        }));
    }

    /**
     * §4.2 ServiceInfo. relaybridge cannot know whether the person calls from home or work, nor how they
     * are connected, so environment and mobility are the registered value {@code Unknown}.
     */
    public static String serviceInfo(String reference) {
        return write(SERVICE_INFO_NS, "svc", "EmergencyCallData.ServiceInfo", w -> {
            element(w, SERVICE_INFO_NS, "DataProviderReference", reference);
            element(w, SERVICE_INFO_NS, "ServiceEnvironment", "Unknown");
            element(w, SERVICE_INFO_NS, "ServiceType", "relay");
            element(w, SERVICE_INFO_NS, "ServiceMobility", "Unknown");
        });
    }

    /**
     * §4.4 SubscriberInfo: the person's number as an xCard {@code tel} URI. Empty without a usable E.164 number
     * (§4.4.2 lets subscriber data be left out when it is not available). {@code privacyRequested} is false: the
     * relay asserted the number towards 1177, and a call taker needs it to call back.
     * <p>
     * RFC 7852's vCard schema (Appendix A) requires {@code fn}; relaybridge does not know the person's name and
     * must not invent one, so {@code fn} is empty. The schema's property group is a sequence, so {@code fn}
     * comes before {@code tel}.
     *
     * @param personNumber E.164 ({@code +4681234567}), or null
     */
    public static Optional<String> subscriberInfo(String personNumber, String reference) {
        if (personNumber == null || !E164.matcher(personNumber.trim()).matches()) {
            return Optional.empty();
        }
        String tel = "tel:" + personNumber.trim();
        return Optional.of(write(SUBSCRIBER_INFO_NS, "sub", "EmergencyCallData.SubscriberInfo", w -> {
            // schema: attribute required whenever the block is not empty (§4.4.1), unqualified
            w.writeAttribute("privacyRequested", "false");
            w.setPrefix("xc", VCARD_NS);
            w.writeNamespace("xc", VCARD_NS);
            element(w, SUBSCRIBER_INFO_NS, "DataProviderReference", reference);
            w.writeStartElement(SUBSCRIBER_INFO_NS, "SubscriberData");
            w.writeStartElement(VCARD_NS, "vcard");
            w.writeStartElement(VCARD_NS, "fn");
            element(w, VCARD_NS, "text", "");
            w.writeEndElement();
            w.writeStartElement(VCARD_NS, "tel");
            element(w, VCARD_NS, "uri", tel);
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndElement();
        }));
    }

    /** §4.1.6: languages spoken at the contact URI, i.e. the provider's; the session's only as a fallback. */
    private static List<String> languages(ProviderSpec provider, RelaySession session) {
        Set<String> tags = new LinkedHashSet<>();
        if (provider.languages() != null) {
            provider.languages().forEach(t -> LanguageTags.normalize(t).ifPresent(tags::add));
        }
        if (tags.isEmpty()) {
            tags.addAll(session.languages());
        }
        if (tags.isEmpty()) {
            tags.add(DEFAULT_LANGUAGE);
        }
        return new ArrayList<>(tags);
    }

    private interface Body {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(String ns, String prefix, String root, Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = FACTORY.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.setPrefix(prefix, ns);
            w.writeStartElement(prefix, root, ns);
            w.writeNamespace(prefix, ns);
            body.write(w);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            // only a broken JDK writer gets here: nothing the caller could fix or retry
            throw new IllegalStateException("cannot write " + root, e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String ns, String name, String text) throws XMLStreamException {
        w.writeStartElement(ns, name);
        w.writeCharacters(xmlChars(text));
        w.writeEndElement();
    }

    /** StAX escapes markup but happily writes characters XML 1.0 forbids; those would break the document. */
    private static String xmlChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean legal = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
            out.appendCodePoint(legal ? c : 0xFFFD);
        });
        return out.toString();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
