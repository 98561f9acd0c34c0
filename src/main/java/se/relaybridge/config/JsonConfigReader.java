package se.relaybridge.config;

import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** Reads one JSON configuration file into its record type, turning every failure into a {@link ConfigProblem}. */
public final class JsonConfigReader {

    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final JsonReaderFactory STRICT_JSON =
            Json.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private JsonConfigReader() {
    }

    public static <T> T read(Path file, String displayName, Class<T> type) {
        String text = readText(file, displayName);
        try {
            T value = JSONB.fromJson(text, type);
            if (value == null) {
                throw new ConfigProblem(displayName, "(file)", "holds no JSON object");
            }
            return value;
        } catch (JsonbException e) {
            throw new ConfigProblem(displayName, "(json)", "is not valid: " + rootMessage(e), e);
        }
    }

    /**
     * The file's top-level JSON object, parsed with JSON-P rather than bound: the caller sees every key, so a
     * misspelt field can be refused instead of silently ignored, and a value of the wrong type can be named by
     * its field. A key written twice in one object is refused too (otherwise one of the two would silently win).
     */
    public static JsonObject readObject(Path file, String displayName) {
        return parseObject(readText(file, displayName), displayName);
    }

    /** As {@link #readObject(Path, String)}, for text that is to become that file (an upload through the API). */
    public static JsonObject parseObject(String text, String displayName) {
        if (text == null || text.isBlank()) {
            throw new ConfigProblem(displayName, "(file)", "is empty");
        }
        JsonValue value;
        try (JsonReader reader = STRICT_JSON.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException e) {
            throw new ConfigProblem(displayName, "(json)", "is not valid: " + rootMessage(e), e);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ConfigProblem(displayName, "(json)", "must be one JSON object { ... }");
        }
        return value.asJsonObject();
    }

    /** The file's text; a missing, unreadable or empty file is a {@link ConfigProblem} of its own. */
    public static String readText(Path file, String displayName) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigProblem(displayName, "(file)", "does not exist");
        } catch (IOException e) {
            throw new ConfigProblem(displayName, "(file)", "cannot be read: " + e.getMessage(), e);
        }
        if (text.isBlank()) {
            throw new ConfigProblem(displayName, "(file)", "is empty");
        }
        return text;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
