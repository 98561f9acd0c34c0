package se.relaybridge.routing;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteDecisionJsonTest {

    @Test
    void roundTripsThroughJsonB() throws Exception {
        RouteDecision d = new RouteDecision("14", "Västra Götalands län", "kommunkod",
                List.of("kommunkod 1480 → 14", "area-code +46 8… → 01 (not used: weaker evidence)"),
                "ar", "closed", "q14");
        try (Jsonb jsonb = JsonbBuilder.create()) {
            String json = jsonb.toJson(d);

            assertThat(json).contains("\"languageDecision\":\"closed\"", "\"evidence\":\"kommunkod\"");
            assertThat(jsonb.fromJson(json, RouteDecision.class)).isEqualTo(d);
        }
    }
}
