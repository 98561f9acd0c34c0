package se.relaybridge.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The admin API of a running relaybridge, as an operator's script would use it: HTTP with Basic logins. */
record AdminClient(URI api, String authorization) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One answer: status, content type, the raw body and (when it is JSON) the parsed object. */
    record Reply(int status, String contentType, String wwwAuthenticate, String body, String location) {

        Reply(int status, String contentType, String wwwAuthenticate, String body) {
            this(status, contentType, wwwAuthenticate, body, "");
        }

        JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            }
        }

        JsonArray jsonArray() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readArray();
            }
        }
    }

    /** {@code application} is the application's root URL, with its context path. */
    static AdminClient anonymous(URL application) {
        String root = application.toString();
        return new AdminClient(URI.create(root.endsWith("/") ? root : root + "/").resolve("api/"), null);
    }

    AdminClient as(String user, String password) {
        return new AdminClient(api, "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(api.resolve(path)).GET());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply put(String path, String json) {
        return send(HttpRequest.newBuilder(api.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String path) {
        return send(HttpRequest.newBuilder(api.resolve(path)).DELETE());
    }

    /** Any request, with the headers a browser would add (Origin, Sec-Fetch-Site); a null body sends none. */
    Reply send(String method, String path, String contentType, String body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request);
    }

    private Reply send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("WWW-Authenticate").orElse(""), r.body(),
                    r.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
