package se.relaybridge.routing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sweden's 290 municipalities by name, from SCB's list ({@code relaybridge-kommuner.tsv}), so a civic address that
 * names its municipality ({@code <A2>Göteborg</A2>}) finds its kommunkod. Names are compared without case, with
 * hyphens as spaces, without a trailing {@code kommun}/{@code stad} and, failing that, without diacritics
 * ({@code Goteborg}) as long as that spelling names only one municipality.
 */
public final class Municipalities {

    static final String RESOURCE = "/relaybridge-kommuner.tsv";
    private static final Locale SWEDISH = Locale.forLanguageTag("sv-SE");
    private static final Municipalities SCB = load();

    private final Map<String, String> byName;
    private final Map<String, String> byFoldedName;

    private Municipalities(Map<String, String> byName, Map<String, String> byFoldedName) {
        this.byName = Map.copyOf(byName);
        this.byFoldedName = Map.copyOf(byFoldedName);
    }

    public static Municipalities scb() {
        return SCB;
    }

    /** Every kommunkod with its name as SCB writes it. */
    public static Map<String, String> all() {
        return read();
    }

    /** The kommunkod of a municipality name, or empty when it names none (or several). */
    public Optional<String> kommunkodOf(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String key = normalize(name);
        String code = byName.get(key);
        if (code == null) {
            // "Göteborgs kommun", "Stockholms stad": the genitive before kommun/stad
            code = key.endsWith("s") ? byName.get(key.substring(0, key.length() - 1)) : null;
        }
        if (code == null) {
            code = byFoldedName.get(fold(key));
        }
        return Optional.ofNullable(code);
    }

    private static Municipalities load() {
        Map<String, String> byName = new HashMap<>();
        Map<String, String> byFolded = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        read().forEach((code, name) -> {
            String key = normalize(name);
            byName.put(key, code);
            if (byFolded.putIfAbsent(fold(key), code) != null) {
                ambiguous.add(fold(key));
            }
        });
        ambiguous.forEach(byFolded::remove);
        return new Municipalities(byName, byFolded);
    }

    private static Map<String, String> read() {
        Map<String, String> byCode = new java.util.LinkedHashMap<>();
        try (InputStream in = Municipalities.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the application");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                byCode.put(columns[0].trim(), columns[1].trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Collections.unmodifiableMap(byCode);
    }

    private static String normalize(String name) {
        return name.trim().toLowerCase(SWEDISH).replace('-', ' ').replaceAll("\\s+", " ")
                .replaceFirst(" (kommun|stad)$", "");
    }

    private static String fold(String normalized) {
        return Normalizer.normalize(normalized, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }
}
