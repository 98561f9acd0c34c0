package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code /health/ready} of a running relaybridge says. */
record Health(int status, String body) {

    /** Not a speed check: a busy machine's first /openapi (generated on demand) took more than 5 s in CI. */
    private static final Duration HTTP_WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Health ready(URL anyUrlOfTheServer) {
        URI uri = URI.create(anyUrlOfTheServer.getProtocol() + "://" + anyUrlOfTheServer.getHost() + ":"
                + anyUrlOfTheServer.getPort() + "/health/ready");
        return fetch(uri);
    }

    static Health fetch(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(HTTP_WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Until every queue target on {@code port} is UP in readiness, once any ping sent before the target started
     * has timed out ({@code pingTimeout}): calls skip a target relaybridge knows to be down. Readiness names a target
     * by its queue and place ({@code nurse 1}), never by its address, so the deployed {@code queues.json} tells
     * which names are on {@code port}.
     */
    static void awaitTargetAnswering(URL base, Path queuesJson, int port, Duration pingTimeout) {
        List<String> names = targetNames(queuesJson, port);
        if (names.isEmpty()) {
            throw new IllegalArgumentException(queuesJson + " has no target on port " + port);
        }
        org.awaitility.Awaitility.await().pollDelay(pingTimeout.plusMillis(300)).pollInterval(Duration.ofMillis(100))
                .atMost(pingTimeout.plusSeconds(15)).until(() -> {
                    String body = ready(base).body();
                    return names.stream().allMatch(name -> Pattern.compile("\"" + Pattern.quote(name)
                            + "\"\\s*:\\s*\"UP\"").matcher(body).find());
                });
    }

    private static List<String> targetNames(Path queuesJson, int port) {
        Pattern onPort = Pattern.compile(":" + port + "(;.*)?$");
        List<String> names = new ArrayList<>();
        try (JsonReader reader = Json.createReader(Files.newBufferedReader(queuesJson))) {
            for (JsonValue queue : reader.readObject().getJsonArray("queues")) {
                JsonObject q = queue.asJsonObject();
                JsonArray targets = q.getJsonArray("targets");
                for (int i = 0; i < targets.size(); i++) {
                    if (onPort.matcher(targets.getString(i)).find()) {
                        names.add(q.getString("id") + " " + (i + 1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    int activeCalls() {
        return number("activeCalls");
    }

    /** A number in the sip check's data, e.g. {@code liveDialogs}. */
    int number(String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?(\\d+)").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in /health/ready: " + body);
        }
        return Integer.parseInt(m.group(1));
    }
}
