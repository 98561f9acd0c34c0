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

    /**
     * Until every queue target on {@code port} is UP in readiness, once any ping sent before the target started
     * has timed out ({@code pingTimeout}): calls skip a target relaybridge knows to be down.
     */
    static void awaitTargetAnswering(URL base, int port, Duration pingTimeout) {
        Pattern target = Pattern.compile("\"[^\"]* sip:[^\"]*:" + port + "(;[^\"]*)?\"\\s*:\\s*\"([A-Z]+)\"");
        org.awaitility.Awaitility.await().pollDelay(pingTimeout.plusMillis(300)).pollInterval(Duration.ofMillis(100))
                .atMost(pingTimeout.plusSeconds(15)).until(() -> {
                    Matcher m = target.matcher(ready(base).body());
                    boolean any = false;
                    while (m.find()) {
                        any = true;
                        if (!"UP".equals(m.group(2))) {
                            return false;
                        }
                    }
                    return any;
                });
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
