package se.relaybridge.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EmergencyCallDataXml's blocks against the schemas of RFC 7852 itself, and proof that the check can fail. */
class EmergencyCallDataSchemaTest {

    private static final String REF = "rb-0123456789abcdef@relaybridge.example";
    private static final String NUMBER = "+46812345678";

    private static final String VALID_PROVIDER = """
            <?xml version="1.0" encoding="UTF-8"?>
            <pi:EmergencyCallData.ProviderInfo xmlns:pi="urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo">
            <pi:DataProviderReference>x@relaybridge.example</pi:DataProviderReference>
            <pi:DataProviderString>Texttelefoni.se</pi:DataProviderString>
            <pi:TypeOfProvider>Relay Provider</pi:TypeOfProvider>
            <pi:ContactURI>tel:+4620600650</pi:ContactURI>
            <pi:Language>sv</pi:Language>
            </pi:EmergencyCallData.ProviderInfo>
            """;

    private static String provider(ProviderSpec spec) {
        return EmergencyCallDataXml.providerInfo(RelayFixtures.textSession(), spec, REF).orElseThrow();
    }

    @Test
    void fixtureBlocksAreValid() {
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.PROVIDER_INFO_TYPE, provider(RelayFixtures.TEXT_PROVIDER));
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.SERVICE_INFO_TYPE, EmergencyCallDataXml.serviceInfo(REF));
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.SUBSCRIBER_INFO_TYPE,
                EmergencyCallDataXml.subscriberInfo(NUMBER, REF).orElseThrow());
    }

    @Test
    void handWrittenMinimalProviderInfoIsValid() {
        // the check itself must accept the RFC's own minimum, or every failure below proves nothing
        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.PROVIDER_INFO_TYPE, VALID_PROVIDER)).isEmpty();
    }

    @Test
    void elementsOutOfOrderAreRejected() {
        String swapped = VALID_PROVIDER
                .replace("<pi:TypeOfProvider>Relay Provider</pi:TypeOfProvider>\n", "")
                .replace("<pi:Language>sv</pi:Language>\n",
                        "<pi:Language>sv</pi:Language>\n<pi:TypeOfProvider>Relay Provider</pi:TypeOfProvider>\n");

        assertThatThrownBy(() -> Rfc7852Schemas.assertValid(Rfc7852Schemas.PROVIDER_INFO_TYPE, swapped))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("TypeOfProvider")
                .hasMessageMatching("(?s).*\\n  \\d+:\\d+: .*");
    }

    @Test
    void providerWithoutDomainIsValid() {
        String xml = provider(new ProviderSpec(null, "tel:+4620600650", List.of("sv")));

        assertThat(xml).doesNotContain("ProviderID");
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.PROVIDER_INFO_TYPE, xml);
    }

    @Test
    void oddCharactersStayValid() {
        RelaySession session = MetadataExtractor.extract(
                new RelayProfile("odd", "Å & B <relay> \"x\" ]]>\u0001 \uD83D\uDC4B", "text", null, null, null, null),
                new InboundMetadata(null, null, null, null, null, null), RelayFixtures.CALL_ID, RelayFixtures.START);
        ProviderSpec provider = new ProviderSpec(" relay.example ", "sip:support@relay.example;a=<b>&c", List.of("sv"));

        Rfc7852Schemas.assertValid(EmergencyCallDataXml.PROVIDER_INFO_TYPE,
                EmergencyCallDataXml.providerInfo(session, provider, "odd&<ref>@relay.example").orElseThrow());
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.SERVICE_INFO_TYPE,
                EmergencyCallDataXml.serviceInfo("odd&<ref>@relay.example"));
    }

    @Test
    void severalLanguagesInEveryFormTheProfileMayUseAreValid() {
        ProviderSpec provider = new ProviderSpec("b.example", "tel:+4620280020",
                List.of("sgn-SE", "SV", "swl", "en-GB", "zh-Hant-TW", "sgn-swl", "x-private", "not a tag!"));
        String xml = provider(provider);

        assertThat(xml).contains("<pi:Language>swl</pi:Language>", "<pi:Language>en-gb</pi:Language>",
                "<pi:Language>zh-hant-tw</pi:Language>");
        Rfc7852Schemas.assertValid(EmergencyCallDataXml.PROVIDER_INFO_TYPE, xml);
    }

    @Test
    void subscriberInfoIsValidAndTheSchemaWantsAName() {
        String xml = EmergencyCallDataXml.subscriberInfo(NUMBER, REF).orElseThrow();
        Rfc7852Schemas.assertValid(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE, xml);

        // vcard.xsd makes fn mandatory (minOccurs 1): without it the block is rejected
        String noName = xml.replaceAll("<xc:fn>.*?</xc:fn>", "");
        assertThat(noName).doesNotContain("fn>");
        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE, noName))
                .singleElement().asString().contains(":tel}").contains(":fn}");
    }

    @Test
    void subscriberInfoWithoutPrivacyAttributeIsRejected() {
        String xml = EmergencyCallDataXml.subscriberInfo(NUMBER, REF).orElseThrow()
                .replace(" privacyRequested=\"false\"", "");

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE, xml))
                .anySatisfy(p -> assertThat(p).contains("privacyRequested"));
    }

    @Test
    void missingDataProviderReferenceIsRejected() {
        String xml = EmergencyCallDataXml.serviceInfo(REF).replaceAll("<svc:DataProviderReference>.*?</svc:DataProviderReference>", "");

        assertThatThrownBy(() -> Rfc7852Schemas.assertValid(Rfc7852Schemas.SERVICE_INFO_TYPE, xml))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ServiceEnvironment")
                .hasMessageContaining("DataProviderReference");
    }

    @Test
    void wrongNamespaceIsRejected() {
        String xml = provider(RelayFixtures.TEXT_PROVIDER)
                .replace("urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo", "urn:example:ProviderInfo");

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.PROVIDER_INFO_TYPE, xml))
                .first().asString().matches("1:\\d+: root element is \\{urn:example:ProviderInfo}.*");
    }

    @Test
    void aValidBlockUnderTheWrongContentTypeIsRejected() {
        String service = EmergencyCallDataXml.serviceInfo(REF);

        assertThatThrownBy(() -> Rfc7852Schemas.assertValid(Rfc7852Schemas.PROVIDER_INFO_TYPE, service))
                .isInstanceOf(AssertionError.class).hasMessageContaining("EmergencyCallData.ProviderInfo");
        // a bare xCard is a global element of vcard.xsd, yet not a SubscriberInfo block
        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE,
                "<vcard xmlns=\"urn:ietf:params:xml:ns:vcard-4.0\"><fn><text/></fn></vcard>")).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SV", "sv ", "sv_SE", "", "-sv"})
    void languageOutsideTheRfcPatternIsRejected(String language) {
        // the pattern is lower-case only; these pass only if the transcription broke it
        String xml = VALID_PROVIDER.replace("<pi:Language>sv</pi:Language>", "<pi:Language>" + language + "</pi:Language>");

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.PROVIDER_INFO_TYPE, xml)).isNotEmpty();
    }

    @Test
    void malformedXmlIsAProblemWithItsPosition() {
        String broken = EmergencyCallDataXml.serviceInfo(REF).replace("</svc:ServiceType>", "\n</svc:ServiceTyp>");

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SERVICE_INFO_TYPE, broken))
                .last().asString().matches("2:\\d+: .*must be terminated.*");
        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SERVICE_INFO_TYPE, "")).isNotEmpty();
    }

    @Test
    void doctypeIsRefusedSoNoEntityIsEverFetched() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.invalid/x.dtd\">"
                + EmergencyCallDataXml.serviceInfo(REF).substring(38);

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SERVICE_INFO_TYPE, xml)).singleElement().asString()
                .contains("DOCTYPE");
    }

    @Test
    void contentTypeIsMatchedLikeAMimeParserReportsIt() {
        byte[] bytes = EmergencyCallDataXml.serviceInfo(REF).getBytes(StandardCharsets.UTF_8);

        assertThat(Rfc7852Schemas.covers("application/emergencycalldata.serviceinfo+xml")).isTrue();
        assertThat(Rfc7852Schemas.covers("application/EmergencyCallData.ServiceInfo+xml; charset=UTF-8")).isTrue();
        assertThat(Rfc7852Schemas.covers("application/pidf+xml")).isFalse();
        assertThat(Rfc7852Schemas.covers(null)).isFalse();
        Rfc7852Schemas.assertValid("application/emergencycalldata.serviceinfo+xml", bytes);
    }

    @Test
    void unknownContentTypeFails() {
        assertThatThrownBy(() -> Rfc7852Schemas.assertValid("application/EmergencyCallData.DeviceInfo+xml", VALID_PROVIDER))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no RFC 7852 schema");
        assertThatThrownBy(() -> Rfc7852Schemas.assertValid(null, VALID_PROVIDER)).isInstanceOf(AssertionError.class);
    }

    @Test
    void problemsNeverQuoteTheWholeNumber() {
        String xml = EmergencyCallDataXml.subscriberInfo(NUMBER, REF).orElseThrow()
                .replace("privacyRequested=\"false\"", "privacyRequested=\"" + NUMBER + "\"");

        assertThatThrownBy(() -> Rfc7852Schemas.assertValid(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE, xml))
                .isInstanceOf(AssertionError.class).hasMessageContaining("privacyRequested")
                .hasMessageNotContaining("812345678");
    }

    @Test
    void vcardPropertiesMustFollowTheSchemasOrder() {
        // RFC 6351 allows any order, RFC 7852's vcard.xsd does not (its own Figure 12 example fails on bday):
        // whoever adds more xCard properties must write them in the schema's order
        String xml = EmergencyCallDataXml.subscriberInfo(NUMBER, REF).orElseThrow();
        String fn = xml.substring(xml.indexOf("<xc:fn>"), xml.indexOf("</xc:fn>") + "</xc:fn>".length());
        String telFirst = xml.replace(fn, "").replace("</xc:tel>", "</xc:tel>" + fn);

        assertThat(Rfc7852Schemas.problems(Rfc7852Schemas.SUBSCRIBER_INFO_TYPE, telFirst)).isNotEmpty();
    }
}
