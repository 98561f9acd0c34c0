package se.relaybridge.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.StringReader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    @TempDir
    Path config;

    @Test
    void withoutTheFileTheNodeIsOnItsOwn() {
        assertThat(ClusterSettings.load(ConfigLocation.of(config))).isEmpty();
        assertThat(ClusterSettings.load(ConfigLocation.embedded())).as("the embedded defaults: no cluster").isEmpty();
    }

    @Test
    void theFileNamesTheNodeAndItsFront() throws Exception {
        Files.createDirectories(config.resolve("sip-config"));
        Files.writeString(config.resolve("sip-config/cluster.json"), """
                { "node": "a", "front": { "addresses": ["127.0.0.1", "10.1.0.0/16"], "route": "sip:127.0.0.1:5060;lr" } }
                """);

        ClusterSettings settings = ClusterSettings.load(ConfigLocation.of(config)).orElseThrow();

        assertThat(settings.node()).isEqualTo("a");
        assertThat(settings.front().isFront(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(settings.front().isFront(InetAddress.getByName("10.1.2.3"))).isTrue();
        assertThat(settings.front().isFront(InetAddress.getByName("127.0.0.11"))).isFalse();
        assertThat(settings.front().outboundRoute()).contains("sip:127.0.0.1:5060;lr");
    }

    @Test
    void eachProblemNamesItsField() {
        assertThatThrownBy(() -> parse("{ \"front\": { \"addresses\": [\"127.0.0.1\"] } }"))
                .isInstanceOf(ConfigProblem.class).hasMessageContaining("node").hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("{ \"node\": \"a b\" }"))
                .hasMessageContaining("node").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> parse("{ \"node\": \"a\", \"front\": { \"addresses\": [\"front.example\"] } }"))
                .hasMessageContaining("front.addresses[0]");
        assertThatThrownBy(() -> parse("{ \"node\": \"a\", \"front\": { \"addresses\": [] } }"))
                .hasMessageContaining("front.addresses");
        assertThatThrownBy(() -> parse(
                "{ \"node\": \"a\", \"front\": { \"addresses\": [\"127.0.0.1\"], \"route\": \"sip:127.0.0.1\" } }"))
                .hasMessageContaining("front.route");
        assertThatThrownBy(() -> parse("{ \"node\": \"a\", \"members\": [] }"))
                .hasMessageContaining("members").hasMessageContaining("unknown");
    }

    private static ClusterSettings parse(String json) {
        JsonObject object = Json.createReader(new StringReader(json)).readObject();
        return ClusterSettings.parse(object, "sip-config/cluster.json");
    }
}
