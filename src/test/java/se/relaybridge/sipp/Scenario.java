package se.relaybridge.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SIPp scenario from {@code src/test/sipp/}, with its {@code @NAME@} placeholders filled: fragments from
 * {@code src/test/sipp/fragments/} or plain values.
 */
public final class Scenario {

    public static final Path DIR = Path.of("src/test/sipp");

    private final String file;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Scenario(String file) {
        this.file = file;
        values.put("INVITE_BLOCK", fragmentText("uac_invite"));
        values.put("MAX_FORWARDS", "70");
    }

    public static Scenario of(String file) {
        return new Scenario(file);
    }

    public Scenario with(String placeholder, String value) {
        values.put(placeholder, value);
        return this;
    }

    public Scenario withFragment(String placeholder, String fragment) {
        return with(placeholder, fragmentText(fragment));
    }

    public String name() {
        return file.replace(".xml", "");
    }

    /** Writes the filled-in scenario and checks that no placeholder is left. */
    Path writeTo(Path dir, String runName) {
        String text = read(DIR.resolve(file));
        // fragments may carry placeholders of their own, so fill twice
        for (int pass = 0; pass < 2; pass++) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("@" + e.getKey() + "@", e.getValue());
            }
        }
        if (text.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalStateException(file + " still has a placeholder: " + text.replaceAll("(?s).*(@[A-Z_]+@).*", "$1"));
        }
        Path out = dir.resolve(runName + ".xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String fragmentText(String name) {
        return read(DIR.resolve("fragments").resolve(name + ".xml"));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
