package se.relaybridge.relay;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.Test;
import se.relaybridge.routing.CivicLocation;
import se.relaybridge.routing.PidfLoCivic;
import se.relaybridge.sip.MimeParts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetadataBodyTest {

    private static final String HOST = "relaybridge.example";
    /** A PIDF-LO as a relay sends it: LF line endings and a non-ASCII name, to show the bytes pass untouched. */
    private static final byte[] PIDF = """
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
                      xmlns:ca="urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr" entity="pres:relay@example.se">
              <tuple id="t1"><status><gp:geopriv><gp:location-info>
                <ca:civicAddress><ca:country>SE</ca:country><ca:A1>01</ca:A1><ca:A2>0180</ca:A2>
                <ca:A3>S\u00f6dermalm</ca:A3></ca:civicAddress>
              </gp:location-info><gp:usage-rules/></gp:geopriv></status></tuple>
            </presence>
            """.getBytes(StandardCharsets.UTF_8);

    private static MimeMultipart parse(MetadataBody body) throws MessagingException {
        return new MimeMultipart(new ByteArrayDataSource(body.bytes(), body.contentType()));
    }

    private static String content(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sdpAndRelayJsonParseWithAStandardMimeParser() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody body = MetadataBody.builder(session, HOST).sdp(RelayFixtures.TEXT_SDP).build();

        assertThat(body.contentType()).matches("multipart/mixed; boundary=rb-boundary-[0-9a-f]{24}");
        assertThat(body.callInfo())
                .containsExactly("<cid:relay-rb-0123456789abcdef@relaybridge.example>;purpose=relay-metadata");
        MimeMultipart multipart = parse(body);
        assertThat(multipart.getCount()).isEqualTo(2);

        BodyPart sdp = multipart.getBodyPart(0);
        assertThat(sdp.getContentType()).isEqualTo("application/sdp");
        assertThat(sdp.getHeader("Content-ID")).isNull();
        assertThat(content(sdp)).isEqualTo(RelayFixtures.TEXT_SDP);

        BodyPart json = multipart.getBodyPart(1);
        assertThat(json.getContentType()).isEqualTo("application/vnd.relaybridge.relay+json");
        assertThat(json.getHeader("Content-ID")).containsExactly("<relay-rb-0123456789abcdef@relaybridge.example>");
        assertThat(json.getHeader("Content-Disposition")).containsExactly("by-reference;handling=optional");
        assertThat(content(json)).isEqualTo(RelaySessionJson.toJson(session));
    }

    @Test
    void callInfoPointsAtTheContentIdOfItsPart() throws Exception {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST)
                .sdp(RelayFixtures.TEXT_SDP).emergencyCallData(RelayFixtures.TEXT_PROVIDER).build();

        MimeMultipart multipart = parse(body);
        assertThat(multipart.getCount()).isEqualTo(4);
        Iterator<String> callInfo = body.callInfo().iterator();
        for (int i = 1; i < multipart.getCount(); i++) {
            String contentId = multipart.getBodyPart(i).getHeader("Content-ID")[0];
            assertThat(callInfo.next()).startsWith("<cid:" + contentId.substring(1, contentId.length() - 1) + ">;");
        }
        assertThat(body.callInfo()).containsExactly(
                "<cid:relay-rb-0123456789abcdef@relaybridge.example>;purpose=relay-metadata",
                "<cid:providerinfo-rb-0123456789abcdef@relaybridge.example>;purpose=EmergencyCallData.ProviderInfo",
                "<cid:serviceinfo-rb-0123456789abcdef@relaybridge.example>;purpose=EmergencyCallData.ServiceInfo");
    }

    @Test
    void emergencyCallDataPartsCarryTheRfc7852Blocks() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody body = MetadataBody.builder(session, HOST)
                .sdp(RelayFixtures.TEXT_SDP).emergencyCallData(RelayFixtures.TEXT_PROVIDER).build();

        MimeMultipart multipart = parse(body);
        String reference = "rb-0123456789abcdef@relaybridge.example";
        BodyPart provider = multipart.getBodyPart(2);
        assertThat(provider.getContentType()).isEqualTo("application/EmergencyCallData.ProviderInfo+xml");
        assertThat(provider.getHeader("Content-ID"))
                .containsExactly("<providerinfo-rb-0123456789abcdef@relaybridge.example>");
        assertThat(provider.getHeader("Content-Disposition")).containsExactly("by-reference;handling=optional");
        assertThat(content(provider))
                .isEqualTo(EmergencyCallDataXml.providerInfo(session, RelayFixtures.TEXT_PROVIDER, reference).orElseThrow());
        BodyPart service = multipart.getBodyPart(3);
        assertThat(service.getContentType()).isEqualTo("application/EmergencyCallData.ServiceInfo+xml");
        assertThat(service.getHeader("Content-ID"))
                .containsExactly("<serviceinfo-rb-0123456789abcdef@relaybridge.example>");
        assertThat(service.getHeader("Content-Disposition")).containsExactly("by-reference;handling=optional");
        assertThat(content(service)).isEqualTo(EmergencyCallDataXml.serviceInfo(reference));
    }

    @Test
    void providerWithoutContactUriGivesNoRfc7852Parts() throws Exception {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(RelayFixtures.TEXT_SDP)
                .emergencyCallData(new ProviderSpec("texttelefoni.example", null, List.of("sv"))).build();

        assertThat(parse(body).getCount()).isEqualTo(2);
        assertThat(body.callInfo()).hasSize(1);
    }

    @Test
    void delayedOfferCarriesOnlyTheJsonPart() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody body = MetadataBody.builder(session, HOST).build();

        assertThat(body.contentType()).startsWith("multipart/mixed; boundary=");
        MimeMultipart multipart = parse(body);
        assertThat(multipart.getCount()).isEqualTo(1);
        assertThat(multipart.getBodyPart(0).getContentType()).isEqualTo("application/vnd.relaybridge.relay+json");
        assertThat(content(multipart.getBodyPart(0))).isEqualTo(RelaySessionJson.toJson(session));
        assertThat(body.callInfo()).hasSize(1);
    }

    @Test
    void exactWireFormatWithCrlfLineEndings() {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody body = MetadataBody.builder(session, HOST).sdp("v=0\r\n").boundaries(() -> "b1").build();

        assertThat(body.contentType()).isEqualTo("multipart/mixed; boundary=b1");
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo(""
                + "--b1\r\n"
                + "Content-Type: application/sdp\r\n"
                + "\r\n"
                + "v=0\r\n"
                + "\r\n"
                + "--b1\r\n"
                + "Content-Type: application/vnd.relaybridge.relay+json\r\n"
                + "Content-ID: <relay-rb-0123456789abcdef@relaybridge.example>\r\n"
                + "Content-Disposition: by-reference;handling=optional\r\n"
                + "\r\n"
                + RelaySessionJson.toJson(session) + "\r\n"
                + "--b1--\r\n");
    }

    @Test
    void sdpBytesPassUntouchedEvenWithBareLineFeeds() throws Exception {
        byte[] sdp = "v=0\no=- 1 1 IN IP4 127.0.0.11\ns=Tolk \u00e5\u00e4\u00f6\n".getBytes(StandardCharsets.UTF_8);
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(sdp).build();

        try (InputStream in = parse(body).getBodyPart(0).getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(sdp);
        }
    }

    @Test
    void boundaryThatOccursInTheContentIsNeverUsed() throws Exception {
        String sdp = "v=0\r\ns=contains collide-me here\r\n";
        Iterator<String> candidates = List.of("collide-me", "rb-0123456789abcdef", "safe-boundary").iterator();
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(sdp)
                .boundaries(candidates::next).build();

        assertThat(body.contentType()).isEqualTo("multipart/mixed; boundary=safe-boundary");
        assertThat(content(parse(body).getBodyPart(0))).isEqualTo(sdp);
    }

    @Test
    void randomBoundariesDoNotOccurInTheContent() {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(RelayFixtures.TEXT_SDP)
                .emergencyCallData(RelayFixtures.TEXT_PROVIDER).build();
        String boundary = body.contentType().substring(body.contentType().indexOf('=') + 1);
        String text = new String(body.bytes(), StandardCharsets.UTF_8);

        // four part delimiters and the close delimiter, nothing else
        assertThat(text.split(java.util.regex.Pattern.quote(boundary), -1)).hasSize(6);
    }

    @Test
    void bodyBytesCannotBeChangedFromOutside() {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).build();
        body.bytes()[0] = 'X';

        assertThat(body.bytes()[0]).isEqualTo((byte) '-');
    }

    @Test
    void hostMustBeUsableInAContentId() {
        RelaySession session = RelayFixtures.textSession();
        assertThat(MetadataBody.builder(session, "[2001:db8::1]").build().callInfo())
                .containsExactly("<cid:relay-rb-0123456789abcdef@[2001:db8::1]>;purpose=relay-metadata");
        assertThat(MetadataBody.builder(session, "127.0.0.1").build().callInfo()).hasSize(1);
        for (String bad : new String[] {null, "", "host name", "a>b", "x@y", "-host"}) {
            assertThatThrownBy(() -> MetadataBody.builder(session, bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void subscriberInfoFollowsServiceInfoWithThePersonsNumber() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody body = MetadataBody.builder(session, HOST).sdp(RelayFixtures.TEXT_SDP)
                .emergencyCallData(RelayFixtures.TEXT_PROVIDER).subscriber(true).build();

        assertThat(body.callInfo()).containsExactly(
                "<cid:relay-rb-0123456789abcdef@relaybridge.example>;purpose=relay-metadata",
                "<cid:providerinfo-rb-0123456789abcdef@relaybridge.example>;purpose=EmergencyCallData.ProviderInfo",
                "<cid:serviceinfo-rb-0123456789abcdef@relaybridge.example>;purpose=EmergencyCallData.ServiceInfo",
                "<cid:subscriberinfo-rb-0123456789abcdef@relaybridge.example>;purpose=EmergencyCallData.SubscriberInfo");
        MimeMultipart multipart = parse(body);
        assertThat(multipart.getCount()).isEqualTo(5);
        BodyPart sub = multipart.getBodyPart(4);
        assertThat(sub.getContentType()).isEqualTo("application/EmergencyCallData.SubscriberInfo+xml");
        assertThat(sub.getHeader("Content-ID")).containsExactly("<subscriberinfo-rb-0123456789abcdef@relaybridge.example>");
        assertThat(sub.getHeader("Content-Disposition")).containsExactly("by-reference;handling=optional");
        String reference = "rb-0123456789abcdef@relaybridge.example";
        assertThat(content(sub)).isEqualTo(EmergencyCallDataXml.subscriberInfo("+46812345678", reference).orElseThrow())
                .contains("<xc:uri>tel:+46812345678</xc:uri>", "<sub:DataProviderReference>" + reference + "<");
        assertThat(body.geolocation()).isNull();
    }

    @Test
    void subscriberInfoOnlyNextToProviderInfoAndOnlyWithANumber() throws Exception {
        RelaySession session = RelayFixtures.textSession();
        assertThat(parse(MetadataBody.builder(session, HOST).subscriber(true).build()).getCount())
                .as("no ProviderInfo asked for: RFC 7852 §4.1 wants it with any other block").isEqualTo(1);
        assertThat(parse(MetadataBody.builder(session, HOST).subscriber(true)
                .emergencyCallData(new ProviderSpec("texttelefoni.example", null, List.of("sv"))).build()).getCount())
                .as("provider without contact URI: no ProviderInfo, so no SubscriberInfo").isEqualTo(1);

        RelaySession anonymous = MetadataExtractor.extract(RelayFixtures.TEXT,
                new InboundMetadata(null, "TT-4711", "0180", "sv", null, RelayFixtures.TEXT_SDP),
                RelayFixtures.CALL_ID, RelayFixtures.START);
        MetadataBody body = MetadataBody.builder(anonymous, HOST).emergencyCallData(RelayFixtures.TEXT_PROVIDER)
                .subscriber(true).build();
        assertThat(parse(body).getCount()).isEqualTo(3);
        assertThat(body.callInfo()).noneMatch(c -> c.contains("SubscriberInfo"));
    }

    @Test
    void withoutTheNewOptionsTheBodyIsByteForByteAsBefore() {
        RelaySession session = RelayFixtures.textSession();
        MetadataBody before = MetadataBody.builder(session, HOST).sdp(RelayFixtures.TEXT_SDP)
                .emergencyCallData(RelayFixtures.TEXT_PROVIDER).boundaries(() -> "b1").build();
        MetadataBody off = MetadataBody.builder(session, HOST).sdp(RelayFixtures.TEXT_SDP)
                .emergencyCallData(RelayFixtures.TEXT_PROVIDER).subscriber(false).location(null)
                .boundaries(() -> "b1").build();

        assertThat(off.bytes()).isEqualTo(before.bytes());
        assertThat(off.callInfo()).isEqualTo(before.callInfo()).hasSize(3);
        assertThat(off.geolocation()).isNull();
        assertThat(MetadataBody.builder(session, HOST).location(new byte[0]).build().geolocation()).isNull();
    }

    @Test
    void locationGoesByValueRightAfterTheSdpWithAGeolocationReference() throws Exception {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(RelayFixtures.TEXT_SDP)
                .location(PIDF).build();

        assertThat(body.geolocation()).isEqualTo("<cid:location-rb-0123456789abcdef@relaybridge.example>");
        assertThat(body.callInfo()).as("location is named by Geolocation, not Call-Info")
                .containsExactly("<cid:relay-rb-0123456789abcdef@relaybridge.example>;purpose=relay-metadata");
        MimeMultipart multipart = parse(body);
        assertThat(multipart.getCount()).isEqualTo(3);
        BodyPart location = multipart.getBodyPart(1);
        assertThat(location.getContentType()).isEqualTo("application/pidf+xml");
        assertThat(location.getHeader("Content-ID")).containsExactly("<location-rb-0123456789abcdef@relaybridge.example>");
        assertThat(location.getHeader("Content-Disposition")).containsExactly("by-reference;handling=optional");
        try (InputStream in = location.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(PIDF);
        }
    }

    @Test
    void locationIsFoundTheWayInboundGeolocationFindsIt() {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(RelayFixtures.TEXT_SDP)
                .location(PIDF).build();
        String cid = body.geolocation().replaceAll("^<cid:|>$", "");

        MimeParts.Part part = MimeParts.byContentId(MimeParts.of(body.contentType(), body.bytes()), cid).orElseThrow();
        assertThat(part.mediaType()).isEqualTo(MetadataBody.PIDF_TYPE);
        assertThat(part.content()).isEqualTo(PIDF);
        assertThat(PidfLoCivic.parse(part.text())).isEqualTo(CivicLocation.of("SE", "01", "0180", "S\u00f6dermalm"));
    }

    @Test
    void locationBytesAreCopiedWhenGiven() {
        byte[] pidf = PIDF.clone();
        MetadataBody.Builder builder = MetadataBody.builder(RelayFixtures.textSession(), HOST).location(pidf);
        pidf[0] = 'X';

        MetadataBody body = builder.build();
        String cid = body.geolocation().replaceAll("^<cid:|>$", "");
        assertThat(MimeParts.byContentId(MimeParts.of(body.contentType(), body.bytes()), cid).orElseThrow().content())
                .isEqualTo(PIDF);
    }

    @Test
    void everythingTogetherParsesBackAndEveryRfc7852PartIsSchemaValid() throws Exception {
        MetadataBody body = MetadataBody.builder(RelayFixtures.textSession(), HOST).sdp(RelayFixtures.TEXT_SDP)
                .location(PIDF).emergencyCallData(RelayFixtures.TEXT_PROVIDER).subscriber(true).build();

        List<MimeParts.Part> parts = MimeParts.of(body.contentType(), body.bytes());
        assertThat(parts).extracting(MimeParts.Part::mediaType).containsExactly("application/sdp",
                "application/pidf+xml", "application/vnd.relaybridge.relay+json",
                "application/emergencycalldata.providerinfo+xml", "application/emergencycalldata.serviceinfo+xml",
                "application/emergencycalldata.subscriberinfo+xml");
        assertThat(parts.get(0).text()).isEqualTo(RelayFixtures.TEXT_SDP);
        assertThat(parse(body).getCount()).isEqualTo(6);
        int validated = 0;
        for (MimeParts.Part part : parts) {
            if (Rfc7852Schemas.covers(part.mediaType())) {
                Rfc7852Schemas.assertValid(part.mediaType(), part.content());
                validated++;
            }
        }
        assertThat(validated).isEqualTo(3);
        // every Call-Info cid and the Geolocation cid name exactly one part
        List<String> referenced = new ArrayList<>(body.callInfo());
        referenced.add(body.geolocation());
        for (String reference : referenced) {
            String cid = reference.substring(reference.indexOf("<cid:") + 5, reference.indexOf('>'));
            assertThat(parts).filteredOn(p -> cid.equals(p.contentId())).hasSize(1);
        }
    }

    @Test
    void bodyWithoutLocationFromTheOldConstructor() {
        MetadataBody body = new MetadataBody(new byte[] {1}, "multipart/mixed; boundary=x", List.of());

        assertThat(body.geolocation()).isNull();
    }
}
