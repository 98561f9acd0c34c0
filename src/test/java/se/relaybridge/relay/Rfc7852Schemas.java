package se.relaybridge.relay;

import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.Attributes;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import se.relaybridge.sip.NumberMask;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Validates RFC 7852 additional-data blocks against the schemas of the RFC itself (test resources
 * {@code /rfc7852/}), so a test can show that what relaybridge sends is what a PSAP's parser expects. Nothing is
 * ever fetched from the network: the schemas' imports are resolved to local copies and any other location fails.
 * Usable from any test package, e.g. on the MIME parts of a captured INVITE:
 * <pre>{@code
 * for (MimeParts.Part part : parts) {
 *     if (Rfc7852Schemas.covers(part.mediaType())) {
 *         Rfc7852Schemas.assertValid(part.mediaType(), part.content());
 *     }
 * }
 * }</pre>
 */
public final class Rfc7852Schemas {

    // spelled out here rather than taken from EmergencyCallDataXml, so a wrong constant there is caught
    public static final String PROVIDER_INFO_TYPE = "application/EmergencyCallData.ProviderInfo+xml";
    public static final String SERVICE_INFO_TYPE = "application/EmergencyCallData.ServiceInfo+xml";
    public static final String SUBSCRIBER_INFO_TYPE = "application/EmergencyCallData.SubscriberInfo+xml";

    /** The block each content type must carry: its schema file and the root element's namespace and name. */
    private record Block(String schemaFile, String namespace, String root) {
    }

    private static final Map<String, Block> BLOCKS = Map.of(
            key(PROVIDER_INFO_TYPE), new Block("ProviderInfo.xsd",
                    "urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo", "EmergencyCallData.ProviderInfo"),
            key(SERVICE_INFO_TYPE), new Block("ServiceInfo.xsd",
                    "urn:ietf:params:xml:ns:EmergencyCallData:ServiceInfo", "EmergencyCallData.ServiceInfo"),
            key(SUBSCRIBER_INFO_TYPE), new Block("SubscriberInfo.xsd",
                    "urn:ietf:params:xml:ns:EmergencyCallData:SubscriberInfo", "EmergencyCallData.SubscriberInfo"));

    /** The schemaLocations the RFC's schemas import, and the local copy each one means. */
    private static final Map<String, String> IMPORTS = Map.of(
            "vcard.xsd", "vcard.xsd",
            "http://www.w3.org/2009/01/xml.xsd", "xml.xsd",
            "http://www.w3.org/2001/xml.xsd", "xml.xsd");

    private static final String RESOURCES = "/rfc7852/";

    private Rfc7852Schemas() {
    }

    /** Whether {@code contentType} (parameters and case ignored) is one of the blocks this class validates. */
    public static boolean covers(String contentType) {
        return contentType != null && BLOCKS.containsKey(key(contentType));
    }

    /**
     * @throws AssertionError naming line, column and message of every problem, when {@code xml} is not a valid
     *                        block of {@code contentType}, or when the content type is not an RFC 7852 block
     */
    public static void assertValid(String contentType, String xml) {
        failOn(contentType, problems(contentType, xml));
    }

    /** For a MIME part's bytes: the parser reads the encoding from the XML declaration, as a receiver would. */
    public static void assertValid(String contentType, byte[] xml) {
        failOn(contentType, problems(contentType, xml));
    }

    /**
     * Every problem as {@code line:column: message} (digit runs masked: a message may quote a phone number);
     * empty when valid.
     *
     * @throws AssertionError when the content type is not an RFC 7852 block this class knows
     */
    public static List<String> problems(String contentType, String xml) {
        return check(block(contentType), new InputSource(new StringReader(xml == null ? "" : xml)));
    }

    public static List<String> problems(String contentType, byte[] xml) {
        return check(block(contentType), new InputSource(new ByteArrayInputStream(xml == null ? new byte[0] : xml)));
    }

    private static void failOn(String contentType, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError("not a valid " + contentType + " (RFC 7852 schema):\n  "
                    + String.join("\n  ", problems));
        }
    }

    private static Block block(String contentType) {
        Block block = contentType == null ? null : BLOCKS.get(key(contentType));
        if (block == null) {
            throw new AssertionError("no RFC 7852 schema for content type " + contentType
                    + "; known: " + List.of(PROVIDER_INFO_TYPE, SERVICE_INFO_TYPE, SUBSCRIBER_INFO_TYPE));
        }
        return block;
    }

    private static List<String> check(Block block, InputSource input) {
        List<String> problems = new ArrayList<>();
        ErrorHandler collect = new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(describe(e));
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                problems.add(describe(e));
                throw e;
            }
        };
        RootElement root = new RootElement();
        try {
            ValidatorHandler validator = Compiled.schema(block).newValidatorHandler();
            validator.setErrorHandler(collect);
            validator.setResourceResolver(LOCAL_ONLY);
            validator.setContentHandler(root);
            XMLReader reader = safeReader();
            reader.setErrorHandler(collect);
            reader.setContentHandler(validator);
            reader.parse(input);
        } catch (SAXParseException e) {
            // already collected by fatalError: the document is not well-formed
        } catch (SAXException e) {
            problems.add("-:-: " + NumberMask.mask(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the schema also declares vCard's elements globally: a bare <vcard> would otherwise pass as a block
        root.name().filter(name -> !name.equals("{" + block.namespace() + "}" + block.root())).ifPresent(name ->
                problems.add(0, root.position() + ": root element is " + name + ", expected {" + block.namespace() + "}"
                        + block.root()));
        return List.copyOf(problems);
    }

    private static String describe(SAXParseException e) {
        return e.getLineNumber() + ":" + e.getColumnNumber() + ": " + NumberMask.mask(e.getMessage());
    }

    /** Records the first element and where it starts; the validator passes the parse events on to it. */
    private static final class RootElement extends DefaultHandler {
        private Locator locator;
        private String name;
        private String position = "1:1";

        @Override
        public void setDocumentLocator(Locator documentLocator) {
            this.locator = documentLocator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            if (name == null) {
                name = "{" + uri + "}" + localName;
                if (locator != null) {
                    position = locator.getLineNumber() + ":" + locator.getColumnNumber();
                }
            }
        }

        String position() {
            return position;
        }

        Optional<String> name() {
            return Optional.ofNullable(name);
        }
    }

    /** The documents under test are ours, but a DOCTYPE in one must not make the test read files or the net. */
    private static XMLReader safeReader() throws SAXException {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final LSResourceResolver LOCAL_ONLY = (type, namespace, publicId, systemId, baseUri) -> {
        String file = systemId == null ? null : IMPORTS.get(systemId);
        if (file == null) {
            throw new IllegalStateException("schema import " + systemId + " (namespace " + namespace
                    + ") has no local copy; refusing to fetch it");
        }
        return new LocalInput(file);
    };

    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) throws SAXException {
            throw e;
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

    /** Compiled on first use: a test class that never validates pays nothing. */
    private static final class Compiled {
        private static final Map<Block, Schema> SCHEMAS = compileAll();

        static Schema schema(Block block) {
            return SCHEMAS.get(block);
        }

        private static Map<Block, Schema> compileAll() {
            HashMap<Block, Schema> schemas = new HashMap<>();
            for (Block block : BLOCKS.values()) {
                schemas.put(block, compile(block.schemaFile()));
            }
            return Map.copyOf(schemas);
        }

        private static Schema compile(String file) {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setResourceResolver(LOCAL_ONLY);
            // Xerces only warns about an import it could not read, and would then validate against less
            factory.setErrorHandler(STRICT);
            try {
                // belt and braces: should the resolver ever let one through, the parser still fetches nothing
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                return factory.newSchema(new StreamSource(new ByteArrayInputStream(bytes(file)),
                        resource(file).toExternalForm()));
            } catch (SAXException e) {
                throw new IllegalStateException("cannot compile " + RESOURCES + file, e);
            }
        }
    }

    private static URL resource(String file) {
        URL url = Rfc7852Schemas.class.getResource(RESOURCES + file);
        if (url == null) {
            throw new IllegalStateException(RESOURCES + file + " is not on the test class path");
        }
        return url;
    }

    private static byte[] bytes(String file) {
        try (InputStream in = resource(file).openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** A schema import answered from the class path. */
    private static final class LocalInput implements LSInput {
        private final byte[] content;
        private final String systemId;

        LocalInput(String file) {
            this.content = bytes(file);
            this.systemId = resource(file).toExternalForm();
        }

        @Override
        public InputStream getByteStream() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public String getPublicId() {
            return null;
        }

        @Override
        public String getBaseURI() {
            return null;
        }

        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {
        }

        @Override
        public void setByteStream(InputStream byteStream) {
        }

        @Override
        public void setStringData(String stringData) {
        }

        @Override
        public void setSystemId(String systemId) {
        }

        @Override
        public void setPublicId(String publicId) {
        }

        @Override
        public void setBaseURI(String baseURI) {
        }

        @Override
        public void setEncoding(String encoding) {
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {
        }
    }
}
