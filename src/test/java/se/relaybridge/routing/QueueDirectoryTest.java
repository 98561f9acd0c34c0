package se.relaybridge.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueDirectoryTest {

    @TempDir
    Path root;

    @Test
    void loadsAValidFile() throws IOException {
        write("""
                { "defaultQueue": "evening",
                  "queues": [
                    { "id": "nurse", "name": "1177", "targets": ["sip:1177@127.0.0.1:5070", "sip:1177@192.0.2.1"] },
                    { "id": "evening", "targets": ["sip:kvall@queue.example;transport=tcp"] } ] }""");

        QueueDirectory dir = load();

        assertThat(dir.queues()).containsOnlyKeys("nurse", "evening");
        assertThat(dir.defaultQueue()).isEqualTo("evening");
        assertThat(dir.defaultQueueSpec().targets()).containsExactly("sip:kvall@queue.example;transport=tcp");
        assertThat(dir.get("nurse")).hasValueSatisfying(q -> {
            assertThat(q.name()).isEqualTo("1177");
            assertThat(q.targets()).containsExactly("sip:1177@127.0.0.1:5070", "sip:1177@192.0.2.1");
        });
        assertThat(dir.get("night")).isEmpty();
    }

    @Test
    void withoutDefaultQueueTheFirstQueueIsTheDefault() throws IOException {
        write("""
                { "queues": [ { "id": "first", "targets": ["sip:a@192.0.2.1"] },
                              { "id": "second", "targets": ["sip:b@192.0.2.2"] } ] }""");

        assertThat(load().defaultQueue()).isEqualTo("first");
    }

    @Test
    void missingFile() {
        assertProblem("sip-config/queues.json: (file): does not exist");
    }

    @Test
    void noQueues() throws IOException {
        write("{ \"defaultQueue\": \"nurse\", \"queues\": [] }");
        assertProblem("sip-config/queues.json: queues: needs at least one queue");
        write("{ }");
        assertProblem("sip-config/queues.json: queues: needs at least one queue");
    }

    @Test
    void missingId() throws IOException {
        write("{ \"queues\": [ { \"targets\": [\"sip:a@192.0.2.1\"] } ] }");
        assertProblem("sip-config/queues.json: queues[0].id: is missing");
    }

    @Test
    void duplicateId() throws IOException {
        write("""
                { "queues": [ { "id": "nurse", "targets": ["sip:a@192.0.2.1"] },
                              { "id": "nurse", "targets": ["sip:b@192.0.2.2"] } ] }""");
        assertProblem("sip-config/queues.json: queues[1].id: 'nurse' is listed twice");
    }

    @Test
    void missingTargets() throws IOException {
        write("{ \"queues\": [ { \"id\": \"nurse\" } ] }");
        assertProblem("sip-config/queues.json: queues[0].targets: needs at least one SIP URI");
        write("{ \"queues\": [ { \"id\": \"nurse\", \"targets\": [] } ] }");
        assertProblem("sip-config/queues.json: queues[0].targets: needs at least one SIP URI");
    }

    @Test
    void targetThatIsNotASipUri() throws IOException {
        write("{ \"queues\": [ { \"id\": \"nurse\", \"targets\": [\"sip:a@192.0.2.1\", \"http://x\"] } ] }");
        assertProblem("sip-config/queues.json: queues[0].targets[1]: 'http://x' is not a sip: URI with a host");
    }

    @Test
    void targetThatIsNotAUriAtAll() throws IOException {
        write("{ \"queues\": [ { \"id\": \"nurse\", \"targets\": [\"not a uri\"] } ] }");
        assertThatThrownBy(this::load).isInstanceOf(ConfigProblem.class)
                .hasMessage("sip-config/queues.json: queues[0].targets[0]: 'not a uri' is not a SIP URI such as sip:1177@192.0.2.20:5060");
    }

    @Test
    void defaultQueueThatIsNotAQueue() throws IOException {
        write("""
                { "defaultQueue": "night",
                  "queues": [ { "id": "nurse", "targets": ["sip:a@192.0.2.1"] },
                              { "id": "evening", "targets": ["sip:b@192.0.2.2"] } ] }""");
        assertProblem("sip-config/queues.json: defaultQueue: 'night' is not one of the queues [nurse, evening]");
    }

    @Test
    void everyProblemOfTheFileIsReportedByFieldUnknownFieldsAndWrongTypesIncluded() throws IOException {
        write("""
                { "setupTimeoutSecond": 4, "retryAfterSeconds": "30", "ping": { "intervalSeconds": 5000 },
                  "queues": [ { "id": "nurse", "targets": ["sip:a@192.0.2.1", 7], "metadataBody": "no",
                                "displayNameTemplates": { "text": 1 } },
                              { "id": "nurse", "targets": [], "emergncy": true } ] }""");

        QueueDirectory.Result result = QueueDirectory.read(ConfigLocation.of(root));

        assertThat(result.directory()).isNull();
        assertThat(result.problems()).extracting(Throwable::getMessage).containsExactly(
                "sip-config/queues.json: setupTimeoutSecond: unknown field (known: defaultQueue, setupTimeoutSeconds,"
                        + " retryAfterSeconds, ping, queues)",
                "sip-config/queues.json: retryAfterSeconds: must be a whole number, not a string",
                "sip-config/queues.json: queues[0].targets[1]: must be a string, not a number",
                "sip-config/queues.json: queues[0].metadataBody: must be true or false, not a string",
                "sip-config/queues.json: queues[0].displayNameTemplates.text: must be a string, not a number",
                "sip-config/queues.json: queues[1].emergncy: unknown field (known: id, name, targets, metadataBody,"
                        + " emergencyCallData, displayName, displayNameTemplates, userToUser, alertInfo, emergency)",
                "sip-config/queues.json: ping.intervalSeconds: 5000 is outside 0-3600 seconds",
                "sip-config/queues.json: queues[1].id: 'nurse' is listed twice",
                "sip-config/queues.json: queues[1].targets: needs at least one SIP URI");
    }

    private void write(String json) throws IOException {
        Files.createDirectories(root.resolve("sip-config"));
        Files.writeString(root.resolve("sip-config/queues.json"), json);
    }

    private QueueDirectory load() {
        return QueueDirectory.load(ConfigLocation.of(root));
    }

    private void assertProblem(String message) {
        assertThatThrownBy(this::load).isInstanceOf(ConfigProblem.class).hasMessage(message);
    }
}
