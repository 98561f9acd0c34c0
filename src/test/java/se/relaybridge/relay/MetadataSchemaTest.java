package se.relaybridge.relay;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.relay.RelayFixtures.CALL_ID;
import static se.relaybridge.relay.RelayFixtures.START;

/** The JSON body against the schema that is served to queue integrators. */
class MetadataSchemaTest {

    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = MetadataSchemaTest.class.getResourceAsStream("/relaybridge-relay-metadata.schema.json")) {
            assertThat(in).as("schema on the class path").isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
        }
    }

    private static List<Error> validate(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    private static String fullText() {
        return RelaySessionJson.toJson(RelayFixtures.textSession()
                .withCallback("sip:cb-9f86d081884c7d65@relaybridge.example", Instant.parse("2025-03-07T09:15:30Z")));
    }

    @Test
    void everyFieldFilledValidates() {
        assertThat(validate(fullText())).isEmpty();
    }

    @Test
    void videoSpeechAndMinimalSessionsValidate() {
        RelaySession video = MetadataExtractor.extract(RelayFixtures.VIDEO, new InboundMetadata(
                "<tel:+46317001234>", "BT-17", "1480", null, null, RelayFixtures.VIDEO_SDP), CALL_ID, START);
        RelaySession speech = MetadataExtractor.extract(RelayFixtures.SPEECH, new InboundMetadata(
                null, "TL 9", "2480", "sv", null, RelayFixtures.SPEECH_SDP), CALL_ID, START);
        RelaySession minimal = MetadataExtractor.extract(RelayFixtures.TEXT,
                new InboundMetadata(null, null, null, null, null, null), CALL_ID, START);

        assertThat(validate(RelaySessionJson.toJson(video))).isEmpty();
        assertThat(validate(RelaySessionJson.toJson(speech))).isEmpty();
        assertThat(validate(RelaySessionJson.toJson(minimal))).isEmpty();
    }

    @Test
    void malformedInputStillGivesAValidDocument() {
        RelaySession session = MetadataExtractor.extract(RelayFixtures.TEXT, new InboundMetadata(
                "sip:anna@x", "\u0000", "12x4", "sv, bad_tag", "nope", "m=text 0 RTP/AVP 98\r\na=hlang-send:sgn-swl"),
                CALL_ID, START);

        assertThat(session.ignored()).hasSize(5);
        assertThat(validate(RelaySessionJson.toJson(session))).isEmpty();
    }

    @Test
    void anExtraFieldFails() {
        String json = fullText().replace("\"schemaVersion\":1,", "\"schemaVersion\":1,\"personnummer\":\"x\",");

        assertThat(validate(json)).isNotEmpty()
                .anySatisfy(e -> assertThat(e.getMessage()).contains("personnummer"));
    }

    @Test
    void aMissingRequiredFieldFails() {
        assertThat(validate(fullText().replace("\"callId\":\"rb-0123456789abcdef\",", ""))).isNotEmpty();
    }

    @Test
    void anExtraFieldInTheProviderFails() {
        String json = fullText().replace("\"name\":\"Texttelefoni.se\"", "\"name\":\"Texttelefoni.se\",\"x\":1");

        assertThat(validate(json)).isNotEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"municipality\":\"0180\"|\"municipality\":\"12x4\"",
            "\"municipality\":\"0180\"|\"municipality\":\"1180\"",
            "\"municipality\":\"0180\"|\"municipality\":\"01800\"",
            "\"region\":\"01\"|\"region\":\"11\"",
            "\"region\":\"01\"|\"region\":\"1\"",
            "\"callId\":\"rb-0123456789abcdef\"|\"callId\":\"rb-0123456789ABCDEF\"",
            "\"callId\":\"rb-0123456789abcdef\"|\"callId\":\"0123456789abcdef\"",
            "\"personNumber\":\"+46812345678\"|\"personNumber\":\"0812345678\"",
            "\"personNumber\":\"+46812345678\"|\"personNumber\":\"+4681234567890123\"",
            "\"service\":\"text\"|\"service\":\"rtt\"",
            "\"schemaVersion\":1|\"schemaVersion\":2",
            "\"modalities\":[\"audio\",\"text\"]|\"modalities\":[\"audio\",\"fax\"]",
            "\"languages\":[\"sv\",\"en\"]|\"languages\":[\"sv\",\"sv\"]",
            "\"sessionId\":\"ab30317f1a784dc48ff824d0d3715d86\"|\"sessionId\":null",
            "\"startTime\":\"2025-03-04T09:15:30.250Z\"|\"startTime\":\"2025-03-04T10:15:30+01:00\""})
    void badValuesFail(String good, String bad) {
        String json = fullText();
        assertThat(json).contains(good);

        assertThat(validate(json.replace(good, bad))).as(bad).isNotEmpty();
    }
}
