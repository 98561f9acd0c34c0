package se.relaybridge.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration with four nurse queues — Stockholm, Västra Götaland, national, English — and one for the other
 * language queues (never open in the tests that reach it). routing.json is the shipped one with its regions and
 * languages pointed at these queues; bildtelefoni's calls default to Stockholm.
 */
final class RoutingConfig {

    static final String STOCKHOLM = "stockholm";
    static final String VASTRA_GOTALAND = "vastra-gotaland";
    static final String NATIONAL = "national";
    static final String ENGLISH = "english";
    static final String OTHER_LANGUAGES = "other-languages";

    private RoutingConfig() {
    }

    /** Queue ports: Stockholm {@code firstQueuePort}, then Västra Götaland, national, English, other languages at +2 each. */
    static Path write(Path root, int sipPort, int firstQueuePort, String moreSipJson) {
        TestConfig.writeWithSipJson(root, sipPort, moreSipJson, "sip:1177@127.0.0.1:" + firstQueuePort);
        try {
            Files.writeString(root.resolve("sip-config/queues.json"), """
                    { "defaultQueue": "national", "setupTimeoutSeconds": 2, "retryAfterSeconds": 30,
                      "ping": { "intervalSeconds": 1, "timeoutSeconds": 1 },
                      "queues": [
                        { "id": "stockholm", "name": "1177 Region Stockholm", "targets": ["sip:1177@127.0.0.1:%d"] },
                        { "id": "vastra-gotaland", "name": "1177 Västra Götaland", "targets": ["sip:1177@127.0.0.1:%d"] },
                        { "id": "national", "name": "1177 nationell", "targets": ["sip:1177@127.0.0.1:%d"] },
                        { "id": "english", "name": "1177 in English", "targets": ["sip:1177@127.0.0.1:%d"] },
                        { "id": "other-languages", "name": "1177 languages", "targets": ["sip:1177@127.0.0.1:%d"] } ] }
                    """.formatted(firstQueuePort, firstQueuePort + 2, firstQueuePort + 4, firstQueuePort + 6,
                    firstQueuePort + 8));
            Files.writeString(root.resolve("sip-config/routing.json"), routing(Files.readString(Path.of("sip-config/routing.json"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    static int port(int firstQueuePort, String queue) {
        return firstQueuePort + 2 * switch (queue) {
            case STOCKHOLM -> 0;
            case VASTRA_GOTALAND -> 1;
            case NATIONAL -> 2;
            case ENGLISH -> 3;
            default -> 4;
        };
    }

    private static String routing(String shipped) {
        JsonObject table;
        try (JsonReader reader = Json.createReader(new StringReader(shipped))) {
            table = reader.readObject();
        }
        JsonArrayBuilder regions = Json.createArrayBuilder();
        for (JsonValue v : table.getJsonArray("regions")) {
            JsonObject region = v.asJsonObject();
            String lan = region.getString("lan");
            String queue = lan.equals("01") ? STOCKHOLM : lan.equals("14") ? VASTRA_GOTALAND : NATIONAL;
            regions.add(Json.createObjectBuilder(region).add("queue", queue));
        }
        JsonArrayBuilder languages = Json.createArrayBuilder();
        for (JsonValue v : table.getJsonArray("languages")) {
            JsonObject language = v.asJsonObject();
            languages.add(Json.createObjectBuilder(language)
                    .add("queue", language.getString("language").equals("en") ? ENGLISH : OTHER_LANGUAGES));
        }
        JsonObjectBuilder out = Json.createObjectBuilder(table)
                .add("nationalQueue", NATIONAL)
                .add("regions", regions)
                .add("languages", languages)
                .add("profileDefaults", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("profile", "bildtelefoni").add("lan", "01")));
        return out.build().toString();
    }
}
