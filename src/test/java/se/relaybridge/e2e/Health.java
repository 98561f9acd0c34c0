package se.relaybridge.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code /health/ready} of a running relaybridge says. */
record Health(int status, String body) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static Health ready(URL anyUrlOfTheServer) {
        URI uri = URI.create(anyUrlOfTheServer.getProtocol() + "://" + anyUrlOfTheServer.getHost() + ":"
                + anyUrlOfTheServer.getPort() + "/health/ready");
        return fetch(uri);
    }

    static Health fetch(URI uri) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Health(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
