package se.relaybridge.relay;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmergencyCallDataXmlTest {

    private static final String REF = "rb-0123456789abcdef@relaybridge.example";

    /** Parses namespace-aware, so a document that is not well-formed fails the test here. */
    private static Element root(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        return doc.getDocumentElement();
    }

    /** "name=text" per child element, in document order, each checked to be in the root's namespace. */
    private static List<String> children(Element root) {
        List<String> out = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                assertThat(n.getNamespaceURI()).isEqualTo(root.getNamespaceURI());
                out.add(n.getLocalName() + "=" + n.getTextContent());
            }
        }
        return out;
    }

    @Test
    void providerInfoHasTheRfc7852ElementsInSchemaOrder() throws Exception {
        String xml = EmergencyCallDataXml.providerInfo(RelayFixtures.textSession(), RelayFixtures.TEXT_PROVIDER, REF)
                .orElseThrow();

        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        Element root = root(xml);
        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo");
        assertThat(root.getLocalName()).isEqualTo("EmergencyCallData.ProviderInfo");
        assertThat(children(root)).containsExactly(
                "DataProviderReference=" + REF,
                "DataProviderString=Texttelefoni.se",
                "ProviderID=texttelefoni.example",
                "ProviderIDSeries=domain",
                "TypeOfProvider=Relay Provider",
                "ContactURI=tel:+4620600650",
                "Language=sv",
                "Language=en");
    }

    @Test
    void serviceInfoHasTheRfc7852ElementsInSchemaOrder() throws Exception {
        Element root = root(EmergencyCallDataXml.serviceInfo(REF));

        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:EmergencyCallData:ServiceInfo");
        assertThat(root.getLocalName()).isEqualTo("EmergencyCallData.ServiceInfo");
        assertThat(children(root)).containsExactly(
                "DataProviderReference=" + REF,
                "ServiceEnvironment=Unknown",
                "ServiceType=relay",
                "ServiceMobility=Unknown");
    }

    @Test
    void valuesAreEscapedAndIllegalCharactersReplaced() throws Exception {
        RelaySession session = MetadataExtractor.extract(
                new RelayProfile("evil", "A & B <relay> \"x\" ]]>\u0001", "text", null, null, null, null),
                new InboundMetadata(null, null, null, null, null, null), RelayFixtures.CALL_ID, RelayFixtures.START);
        ProviderSpec provider = new ProviderSpec("relay.example", "sip:support@relay.example;a=<b>&c", List.of("sv"));

        String xml = EmergencyCallDataXml.providerInfo(session, provider, REF).orElseThrow();

        assertThat(xml).doesNotContain("<relay>").doesNotContain("\u0001");
        List<String> children = children(root(xml));
        assertThat(children).contains("DataProviderString=A & B <relay> \"x\" ]]>\uFFFD",
                "ContactURI=sip:support@relay.example;a=<b>&c");
    }

    @Test
    void languagesFallBackToTheSessionThenToSwedish() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        ProviderSpec noLanguages = new ProviderSpec(null, "tel:+4620600650", List.of("not a tag!"));
        List<String> fromSession = children(root(EmergencyCallDataXml.providerInfo(session, noLanguages, REF).orElseThrow()));
        assertThat(fromSession).filteredOn(c -> c.startsWith("Language=")).containsExactly("Language=sv", "Language=en");
        assertThat(fromSession).as("no domain: ProviderID and its series are left out")
                .noneMatch(c -> c.startsWith("ProviderID"));

        RelaySession silent = MetadataExtractor.extract(RelayFixtures.TEXT,
                new InboundMetadata(null, null, null, null, null, null), RelayFixtures.CALL_ID, RelayFixtures.START);
        ProviderSpec nullLanguages = new ProviderSpec("x.example", "tel:+4620600650", null);
        assertThat(children(root(EmergencyCallDataXml.providerInfo(silent, nullLanguages, REF).orElseThrow())))
                .filteredOn(c -> c.startsWith("Language=")).containsExactly("Language=sv");
    }

    @Test
    void providerLanguagesAreNormalized() throws Exception {
        ProviderSpec provider = new ProviderSpec("b.example", "tel:+4620280020", List.of("sgn-SE", "SV", "swl"));

        assertThat(children(root(EmergencyCallDataXml.providerInfo(RelayFixtures.textSession(), provider, REF)
                .orElseThrow()))).filteredOn(c -> c.startsWith("Language=")).containsExactly("Language=swl", "Language=sv");
    }

    @Test
    void noContactUriMeansNoProviderInfo() {
        assertThat(EmergencyCallDataXml.providerInfo(RelayFixtures.textSession(), null, REF)).isEmpty();
        assertThat(EmergencyCallDataXml.providerInfo(RelayFixtures.textSession(),
                new ProviderSpec("x.example", " ", List.of("sv")), REF)).isEmpty();
    }

    @Test
    void referenceIsCallIdAtHost() {
        assertThat(EmergencyCallDataXml.dataProviderReference(RelayFixtures.textSession(), "relaybridge.example"))
                .isEqualTo(REF);
    }

    @Test
    void subscriberInfoCarriesTheNumberAsAnXcardTelUri() throws Exception {
        Element root = root(EmergencyCallDataXml.subscriberInfo("+46812345678", REF).orElseThrow());

        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:EmergencyCallData:SubscriberInfo");
        assertThat(root.getLocalName()).isEqualTo("EmergencyCallData.SubscriberInfo");
        assertThat(root.getAttribute("privacyRequested")).isEqualTo("false");
        assertThat(children(root)).containsExactly("DataProviderReference=" + REF, "SubscriberData=tel:+46812345678");
        Element vcard = (Element) root.getElementsByTagNameNS("urn:ietf:params:xml:ns:vcard-4.0", "vcard").item(0);
        assertThat(children(vcard)).containsExactly("fn=", "tel=tel:+46812345678");
    }

    @Test
    void noUsableNumberMeansNoSubscriberInfo() {
        for (String number : new String[] {null, "", " ", "0812345678", "+46", "tel:+46812345678", "+46 8 123 456 78"}) {
            assertThat(EmergencyCallDataXml.subscriberInfo(number, REF)).as(String.valueOf(number)).isEmpty();
        }
        assertThat(EmergencyCallDataXml.subscriberInfo(" +46812345678 ", REF).orElseThrow())
                .contains(">tel:+46812345678<");
    }
}
