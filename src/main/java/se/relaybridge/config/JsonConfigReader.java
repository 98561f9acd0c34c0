package se.relaybridge.config;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads one JSON configuration file into its record type, turning every failure into a {@link ConfigProblem}. */
public final class JsonConfigReader {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private JsonConfigReader() {
    }

    public static <T> T read(Path file, String displayName, Class<T> type) {
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

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
