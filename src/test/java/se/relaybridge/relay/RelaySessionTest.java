package se.relaybridge.relay;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.relay.RelayFixtures.CALL_ID;
import static se.relaybridge.relay.RelayFixtures.SESSION_ID;
import static se.relaybridge.relay.RelayFixtures.START;

class RelaySessionTest {

    @Test
    void textRelaySessionAsJson() {
        RelaySession session = RelayFixtures.textSession()
                .withCallback("sip:cb-9f86d081884c7d65@relaybridge.example", Instant.parse("2025-03-07T09:15:30Z"));

        assertThat(RelaySessionJson.toJson(session)).isEqualTo("{"
                + "\"schemaVersion\":1,"
                + "\"callId\":\"rb-0123456789abcdef\","
                + "\"sessionId\":\"ab30317f1a784dc48ff824d0d3715d86\","
                + "\"service\":\"text\","
                + "\"provider\":{\"id\":\"texttelefoni\",\"name\":\"Texttelefoni.se\"},"
                + "\"interpreterId\":\"TT-4711\","
                + "\"languages\":[\"sv\",\"en\"],"
                + "\"modalities\":[\"audio\",\"text\"],"
                + "\"personNumber\":\"+46812345678\","
                + "\"municipality\":\"0180\","
                + "\"region\":\"01\","
                + "\"callbackUri\":\"sip:cb-9f86d081884c7d65@relaybridge.example\","
                + "\"callbackExpires\":\"2025-03-07T09:15:30Z\","
                + "\"startTime\":\"2025-03-04T09:15:30.250Z\","
                + "\"ignored\":[]}");
    }

    @Test
    void signLanguageVideoSessionAsJson() {
        RelaySession session = MetadataExtractor.extract(RelayFixtures.VIDEO, new InboundMetadata(
                "<tel:+46317001234>", "BT-17", "1480", null, null, RelayFixtures.VIDEO_SDP), CALL_ID, START);

        assertThat(RelaySessionJson.toJson(session)).isEqualTo("{"
                + "\"schemaVersion\":1,"
                + "\"callId\":\"rb-0123456789abcdef\","
                + "\"service\":\"video\","
                + "\"provider\":{\"id\":\"bildtelefoni\",\"name\":\"Bildtelefoni.net\"},"
                + "\"interpreterId\":\"BT-17\","
                + "\"languages\":[\"sv\",\"swl\"],"
                + "\"modalities\":[\"audio\",\"video\"],"
                + "\"personNumber\":\"+46317001234\","
                + "\"municipality\":\"1480\","
                + "\"region\":\"14\","
                + "\"startTime\":\"2025-03-04T09:15:30.250Z\","
                + "\"ignored\":[]}");
    }

    @Test
    void speechSupportSessionWithRenamedHeadersAsJson() {
        RelaySession session = MetadataExtractor.extract(RelayFixtures.SPEECH, new InboundMetadata(
                null, "TL 9", "2480", "sv", SESSION_ID, RelayFixtures.SPEECH_SDP), CALL_ID, START);

        assertThat(RelaySessionJson.toJson(session)).isEqualTo("{"
                + "\"schemaVersion\":1,"
                + "\"callId\":\"rb-0123456789abcdef\","
                + "\"sessionId\":\"ab30317f1a784dc48ff824d0d3715d86\","
                + "\"service\":\"speech\","
                + "\"provider\":{\"id\":\"teletal\",\"name\":\"Teletal\"},"
                + "\"languages\":[\"sv\"],"
                + "\"modalities\":[\"audio\"],"
                + "\"municipality\":\"2480\","
                + "\"region\":\"24\","
                + "\"startTime\":\"2025-03-04T09:15:30.250Z\","
                + "\"ignored\":[\"X-Teletal-Tolk: 'TL 9' is not an interpreter id "
                + "(1-64 letters, digits or . _ : @ + # / -)\"]}");
    }

    @Test
    void jsonReadsBackToTheSameSession() {
        RelaySession session = RelayFixtures.textSession()
                .withCallback("sip:cb-1@relaybridge.example", Instant.parse("2025-03-07T09:15:30Z"));

        assertThat(RelaySessionJson.fromJson(RelaySessionJson.toJson(session))).isEqualTo(session);
    }

    @Test
    void listsAreImmutableCopies() {
        List<String> languages = new java.util.ArrayList<>(List.of("sv"));
        RelaySession session = new RelaySession(1, CALL_ID, null, "text", new RelaySession.Provider("p", "P"), null,
                languages, null, null, null, null, null, null, START, null, null);
        languages.add("en");

        assertThat(session.languages()).containsExactly("sv");
        assertThat(session.modalities()).isEmpty();
        assertThat(session.ignored()).isEmpty();
    }

    @Test
    void interpreterChangeKeepsEverythingElse() {
        RelaySession before = RelayFixtures.textSession();
        RelaySession after = before.withInterpreter("TT-0815");

        assertThat(after.interpreterId()).isEqualTo("TT-0815");
        assertThat(after.withInterpreter("TT-4711")).isEqualTo(before);
    }
}
