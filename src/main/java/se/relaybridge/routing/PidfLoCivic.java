package se.relaybridge.routing;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;

/**
 * Reads the civic address of a PIDF-LO body (RFC 4119, civic address of RFC 5139) sent by value with
 * {@code Geolocation}. The body comes from outside, so the parser refuses DTDs and external entities (no XXE, no
 * entity expansion), and nothing it does throws: a body that cannot be used gives an unreadable location.
 */
public final class PidfLoCivic {

    public static final String CIVIC_NS = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
    /** Far above any real location object; a larger body is refused before parsing. */
    static final int MAX_BODY_CHARS = 64 * 1024;

    /** The default handler prints to stderr; a bad body from a relay is the trail's business, not the console's. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private PidfLoCivic() {
    }

    public static CivicLocation parse(String body) {
        if (body == null || body.isBlank()) {
            return CivicLocation.unreadable("empty body");
        }
        if (body.length() > MAX_BODY_CHARS) {
            return CivicLocation.unreadable("body too large");
        }
        Document doc;
        try {
            DocumentBuilder builder = safeFactory().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            doc = builder.parse(new InputSource(new StringReader(body)));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            return CivicLocation.unreadable("not well-formed XML");
        }
        NodeList addresses = doc.getElementsByTagNameNS(CIVIC_NS, "civicAddress");
        if (addresses.getLength() == 0) {
            return CivicLocation.unreadable("no civic address (only a geodetic location?)");
        }
        // a PIDF-LO may hold several tuples; the first civic address is the one the sender put first
        Element civic = (Element) addresses.item(0);
        return CivicLocation.of(text(civic, "country"), text(civic, "A1"), text(civic, "A2"), text(civic, "A3"));
    }

    private static String text(Element civic, String name) {
        NodeList nodes = civic.getElementsByTagNameNS(CIVIC_NS, name);
        if (nodes.getLength() == 0) {
            return null;
        }
        String value = nodes.item(0).getTextContent().trim();
        return value.isEmpty() ? null : value;
    }

    private static DocumentBuilderFactory safeFactory() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        return f;
    }
}
