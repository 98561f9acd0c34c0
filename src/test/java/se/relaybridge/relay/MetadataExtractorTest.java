package se.relaybridge.relay;

import se.relaybridge.routing.LanguageTags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.relaybridge.relay.RelayFixtures.CALL_ID;
import static se.relaybridge.relay.RelayFixtures.START;
import static se.relaybridge.relay.RelayFixtures.TEXT;

class MetadataExtractorTest {

    private static RelaySession extract(String pai, String interpreter, String municipality, String language,
                                        String sessionId, String sdp) {
        return MetadataExtractor.extract(TEXT, new InboundMetadata(pai, interpreter, municipality, language,
                sessionId, sdp), CALL_ID, START);
    }

    private static RelaySession withPai(String pai) {
        return extract(pai, null, null, null, null, null);
    }

    @Test
    void nothingAtAllGivesAnEmptySessionWithoutNotes() {
        RelaySession session = extract(null, null, null, null, null, null);

        assertThat(session.service()).isEqualTo("text");
        assertThat(session.provider()).isEqualTo(new RelaySession.Provider("texttelefoni", "Texttelefoni.se"));
        assertThat(session.callId()).isEqualTo(CALL_ID);
        assertThat(session.startTime()).isEqualTo(START);
        assertThat(session.personNumber()).isNull();
        assertThat(session.interpreterId()).isNull();
        assertThat(session.municipality()).isNull();
        assertThat(session.region()).isNull();
        assertThat(session.sessionId()).isNull();
        assertThat(session.languages()).isEmpty();
        assertThat(session.modalities()).isEmpty();
        assertThat(session.ignored()).isEmpty();
    }

    @Test
    void blankHeadersCountAsAbsent() {
        assertThat(extract(" ", "\t", "", "  ", " ", "").ignored()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tel:+46812345678|+46812345678",
            "TEL:+46812345678;foo=bar|+46812345678",
            "tel:+46-8-123.456(78)|+46812345678",
            "<tel:+46812345678>|+46812345678",
            "sip:+46812345678@relay.example;user=phone|+46812345678",
            "<sip:+46812345678@relay.example;user=phone>|+46812345678",
            "\"Anna\" <sips:+46812345678@relay.example;user=phone>|+46812345678",
            "SIP:+46812345678@relay.example|+46812345678",
            "<sip:+46701234567;npdi@relay.example;user=phone>|+46701234567",
            "<sip:anonymous@anonymous.invalid>, <tel:+4940123456>|+4940123456"})
    void personNumberFromPai(String pai, String number) {
        RelaySession session = withPai(pai);

        assertThat(session.personNumber()).isEqualTo(number);
        assertThat(session.ignored()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sip:anonymous@anonymous.invalid", "tel:0812345678", "tel:812345678;phone-context=+46",
            "sip:anna@relay.example", "sip:+46812345678", "<sip:+46abc@relay.example;user=phone>", "tel:+0812345678",
            "tel:+46", "tel:+4681234567890123", "mailto:anna@example.org", "<>", "garbage", "+46812345678",
            "<tel:+46812345678"})
    void unusablePaiIsIgnoredWithANote(String pai) {
        RelaySession session = withPai(pai);

        assertThat(session.personNumber()).isNull();
        assertThat(session.ignored()).singleElement().asString()
                .startsWith("P-Asserted-Identity: '")
                .endsWith("' has no tel: or sip: URI with an E.164 number (+ and digits)");
    }

    @Test
    void notesNeverCarryAWholePhoneNumber() {
        RelaySession session = withPai("<sip:0812345678@relay.example>");

        assertThat(session.ignored()).containsExactly("P-Asserted-Identity: '<sip:********78@relay.example>' "
                + "has no tel: or sip: URI with an E.164 number (+ and digits)");
    }

    @ParameterizedTest
    @CsvSource({"0180, 01", "1480, 14", "1280, 12", "0380, 03", "2480, 24", "0980, 09", "2584, 25", "1080, 10"})
    void municipalityGivesTheRegion(String code, String region) {
        RelaySession session = extract(null, null, " " + code + " ", null, null, null);

        assertThat(session.municipality()).isEqualTo(code);
        assertThat(session.region()).isEqualTo(region);
        assertThat(session.ignored()).isEmpty();
    }

    @Test
    void municipalityThatIsNotFourDigitsIsIgnored() {
        assertThat(extract(null, null, "12x4", null, null, null).ignored())
                .containsExactly("X-Relay-Municipality: '12x4' is not a 4-digit kommunkod");
        for (String bad : List.of("180", "01800", "٠١٨٠", "0180;x=1", "+0180", "-180")) {
            RelaySession session = extract(null, null, bad, null, null, null);
            assertThat(session.municipality()).as(bad).isNull();
            assertThat(session.region()).as(bad).isNull();
            assertThat(session.ignored()).as(bad).singleElement().asString().endsWith("is not a 4-digit kommunkod");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000", "0280", "1180", "1580", "1680", "2680", "9999"})
    void municipalityOfNoLanIsIgnored(String code) {
        RelaySession session = extract(null, null, code, null, null, null);

        assertThat(session.municipality()).isNull();
        assertThat(session.region()).isNull();
        assertThat(session.ignored()).containsExactly("X-Relay-Municipality: '" + code
                + "' is not a kommunkod: " + code.substring(0, 2) + " is not a län code");
    }

    @Test
    void renamedHeadersAreNamedInTheNotes() {
        RelaySession session = MetadataExtractor.extract(RelayFixtures.SPEECH,
                new InboundMetadata(null, "bad id!", "99", null, null, null), CALL_ID, START);

        assertThat(session.ignored()).containsExactly(
                "X-Teletal-Tolk: 'bad id!' is not an interpreter id (1-64 letters, digits or . _ : @ + # / -)",
                "X-Teletal-Kommun: '99' is not a 4-digit kommunkod");
    }

    @Test
    void interpreterIdIsTrimmedAndChecked() {
        assertThat(extract(null, "  TT-4711 ", null, null, null, null).interpreterId()).isEqualTo("TT-4711");
        assertThat(extract(null, "tolk.17@texttelefoni.example", null, null, null, null).interpreterId())
                .isEqualTo("tolk.17@texttelefoni.example");
        RelaySession tooLong = extract(null, "x".repeat(65), null, null, null, null);
        assertThat(tooLong.interpreterId()).isNull();
        assertThat(tooLong.ignored()).singleElement().asString()
                .startsWith("X-Relay-Interpreter: '" + "x".repeat(32) + "...' is not an interpreter id");
        RelaySession control = extract(null, "TT\u0007\r\nX-Evil: 1", null, null, null, null);
        assertThat(control.interpreterId()).isNull();
        assertThat(control.ignored()).singleElement().asString()
                .startsWith("X-Relay-Interpreter: 'TT???X-Evil: 1' is not");
        assertThat(MetadataExtractor.interpreterId(" TT-0815 ")).contains("TT-0815");
        assertThat(MetadataExtractor.interpreterId("<tolk>")).isEmpty();
        assertThat(MetadataExtractor.interpreterId(null)).isEmpty();
    }

    @Test
    void languagesFromHeaderThenSdpNormalizedWithoutDuplicates() {
        RelaySession session = extract(null, null, null, "SV, en;q=0.5  sgn-SE", null, RelayFixtures.VIDEO_SDP);

        assertThat(session.languages()).containsExactly("sv", "en", "swl");
        assertThat(session.ignored()).isEmpty();
    }

    @Test
    void garbageLanguageTagsAreIgnoredOneByOne() {
        String sdp = "m=text 4000 RTP/AVP 98\r\na=hlang-send:sv en_GB\r\n";
        RelaySession session = extract(null, null, null, "swedish!, ar,,  x", null, sdp);

        assertThat(session.languages()).containsExactly("ar", "sv");
        assertThat(session.ignored()).containsExactly(
                "X-Relay-Language: 'swedish!' is not a BCP 47 language tag",
                "X-Relay-Language: 'x' is not a BCP 47 language tag",
                "SDP hlang: 'en_GB' is not a BCP 47 language tag");
    }

    @Test
    void languagesAreCapped() {
        String many = IntStream.range(0, 20).mapToObj(i -> "x-l" + i).collect(Collectors.joining(","));
        RelaySession session = extract(null, null, null, many, null, null);

        assertThat(session.languages()).hasSize(MetadataExtractor.MAX_LANGUAGES).startsWith("x-l0");
        assertThat(session.ignored()).containsExactly("languages: 4 tag(s) beyond the first 16");
    }

    @Test
    void notesAreCapped() {
        String garbage = IntStream.range(0, 40).mapToObj(i -> "bad_" + i).collect(Collectors.joining(" "));
        RelaySession session = extract(null, null, null, garbage, null, null);

        assertThat(session.ignored()).hasSize(IgnoredNotes.MAX_NOTES + 1)
                .endsWith("24 more malformed value(s) ignored");
    }

    @Test
    void sessionIdKeepsTheLocalUuid() {
        assertThat(extract(null, null, null, null, RelayFixtures.SESSION_ID, null).sessionId())
                .isEqualTo("ab30317f1a784dc48ff824d0d3715d86");
        assertThat(extract(null, null, null, null, "AB30317F1A784DC48FF824D0D3715D86", null).sessionId())
                .isEqualTo("ab30317f1a784dc48ff824d0d3715d86");
        RelaySession unknown = extract(null, null, null, null, "0".repeat(32) + ";remote=" + "1".repeat(32), null);
        assertThat(unknown.sessionId()).as("RFC 7989 null UUID").isNull();
        assertThat(unknown.ignored()).isEmpty();
    }

    @Test
    void malformedSessionIdIsIgnored() {
        RelaySession session = extract(null, null, null, null, "not-a-uuid;remote=x", null);

        assertThat(session.sessionId()).isNull();
        assertThat(session.ignored())
                .containsExactly("Session-ID: 'not-a-uuid;remote=x' is not a 32-hex-digit session identifier (RFC 7989)");
    }

    @Test
    void onlyAudioVideoAndTextAreModalities() {
        String sdp = "m=application 5000 UDP/BFCP *\r\nm=message 5002 TCP/MSRP *\r\nm=text 5004 RTP/AVP 98\r\n";

        assertThat(extract(null, null, null, null, null, sdp).modalities()).containsExactly("text");
    }

    @Test
    void startTimeIsKeptToTheMillisecond() {
        RelaySession session = MetadataExtractor.extract(TEXT, new InboundMetadata(null, null, null, null, null, null),
                CALL_ID, Instant.parse("2025-03-04T09:15:30.123456789Z"));

        assertThat(session.startTime()).isEqualTo(Instant.parse("2025-03-04T09:15:30.123Z"));
    }

    @Test
    void everyKindOfMalformedInputAtOnceNeverThrows() {
        String hostileSdp = "m=video\r\na=hlang-send:\u0000\u0001 ;;;\r\nm=text 0x10 RTP\r\n" + "a=".repeat(10_000);

        assertThatCode(() -> {
            RelaySession session = extract("<<<>>>", "\u0000", "\uD800", ",,,;;;", ";;", hostileSdp);
            RelaySessionJson.toJson(session);
        }).doesNotThrowAnyException();
        RelaySession session = extract("<<<>>>", "\u0000", "\uD800", ",,,;;;", ";;", hostileSdp);
        assertThat(session.ignored()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(session.modalities()).isEmpty();
    }

    @Test
    void ourOwnCallIdMustBeWellFormed() {
        InboundMetadata none = new InboundMetadata(null, null, null, null, null, null);
        assertThatThrownBy(() -> MetadataExtractor.extract(TEXT, none, "call-1", START))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
