package se.relaybridge.relay;

import se.relaybridge.routing.LanguageTags;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the raw metadata of a relay's INVITE into a {@link RelaySession}. A pure function: no SIP stack,
 * no clock, no I/O. Malformed metadata never fails a call (standards: "Bad or missing data must never
 * fail a call"): each bad value is dropped and named in {@link RelaySession#ignored()}.
 */
public final class MetadataExtractor {

    static final Set<String> MODALITIES = Set.of("audio", "video", "text");
    static final int MAX_LANGUAGES = 16;
    static final Pattern CALL_ID = Pattern.compile("rb-[0-9a-f]{16}");
    private static final Pattern INTERPRETER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+#/-]{0,63}");
    private static final Pattern SESSION_UUID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern TAG_SEPARATORS = Pattern.compile("[,\\s]+");
    /** RFC 7989 §6: all zeros means "not known yet", not an identifier. */
    private static final String NULL_SESSION_UUID = "0".repeat(32);

    private MetadataExtractor() {
    }

    /**
     * @param profile   the (validated) relay profile whose trunk the INVITE came from
     * @param in        the raw header values and SDP
     * @param callId    relaybridge's call id ({@code rb-} + 16 hex digits)
     * @param startTime when the INVITE arrived
     */
    public static RelaySession extract(RelayProfile profile, InboundMetadata in, String callId, Instant startTime) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(startTime, "startTime");
        if (callId == null || !CALL_ID.matcher(callId).matches()) {
            throw new IllegalArgumentException("call id must be rb- and 16 hex digits");
        }
        InboundHeaders names = profile.inboundHeaders();
        IgnoredNotes notes = new IgnoredNotes();
        SdpMedia sdp = SdpMedia.parse(in.sdp());

        String number = personNumber(in.pAssertedIdentity(), notes);
        String interpreter = interpreterId(in.interpreter(), names.interpreterHeader(), notes);
        String municipality = null;
        String region = null;
        String code = trimmed(in.municipality());
        if (code != null) {
            if (!Kommunkod.isFourDigits(code)) {
                notes.add(names.municipalityHeader(), code, "is not a 4-digit kommunkod");
            } else if (Kommunkod.lanOf(code) == null) {
                notes.add(names.municipalityHeader(), code,
                        "is not a kommunkod: " + code.substring(0, 2) + " is not a län code");
            } else {
                municipality = code;
                region = Kommunkod.lanOf(code);
            }
        }
        List<String> languages = languages(in.language(), names.languageHeader(), sdp.hlangTags(), notes);
        List<String> modalities = sdp.modalities().stream().filter(MODALITIES::contains).toList();

        return new RelaySession(RelaySession.SCHEMA_VERSION, callId, sessionId(in.sessionId(), notes),
                profile.relayService().wireName(), new RelaySession.Provider(profile.id(), profile.name()),
                interpreter, languages, modalities, number, municipality, region, null, null,
                // millisecond precision keeps the JSON stable and is all a call record needs
                startTime.truncatedTo(ChronoUnit.MILLIS), notes.list(), null);
    }

    /**
     * An interpreter id from a header value, also for a mid-call change; null when absent or unusable
     * (then a note is added).
     */
    static String interpreterId(String value, String headerName, IgnoredNotes notes) {
        String id = trimmed(value);
        if (id == null) {
            return null;
        }
        if (!INTERPRETER_ID.matcher(id).matches()) {
            notes.add(headerName, id, "is not an interpreter id (1-64 letters, digits or . _ : @ + # / -)");
            return null;
        }
        return id;
    }

    /** Public form of {@link #interpreterId(String, String, IgnoredNotes)} for mid-call updates. */
    public static Optional<String> interpreterId(String value) {
        return Optional.ofNullable(interpreterId(value, "", new IgnoredNotes()));
    }

    private static String personNumber(String pai, IgnoredNotes notes) {
        String value = trimmed(pai);
        if (value == null) {
            return null;
        }
        Optional<String> number = PersonNumber.fromIdentity(value);
        if (number.isEmpty()) {
            notes.add(RelayHeaders.P_ASSERTED_IDENTITY, value,
                    "has no tel: or sip: URI with an E.164 number (+ and digits)");
        }
        return number.orElse(null);
    }

    private static String sessionId(String header, IgnoredNotes notes) {
        String value = trimmed(header);
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String uuid = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!SESSION_UUID.matcher(uuid).matches()) {
            notes.add("Session-ID", value, "is not a 32-hex-digit session identifier (RFC 7989)");
            return null;
        }
        return uuid.equals(NULL_SESSION_UUID) ? null : uuid;
    }

    /** Header tags first (the relay's explicit statement), then SDP hlang tags; normalized, no duplicates. */
    private static List<String> languages(String header, String headerName, List<String> hlang, IgnoredNotes notes) {
        Set<String> tags = new LinkedHashSet<>();
        List<String> dropped = new ArrayList<>();
        String value = trimmed(header);
        if (value != null) {
            for (String token : TAG_SEPARATORS.split(value)) {
                // tolerate Accept-Language style weights ("sv;q=0.8"): the order already states preference
                String tag = token.contains(";") ? token.substring(0, token.indexOf(';')) : token;
                if (!tag.isEmpty()) {
                    addTag(tags, tag, headerName, notes, dropped);
                }
            }
        }
        for (String tag : hlang) {
            addTag(tags, tag, "SDP hlang", notes, dropped);
        }
        if (!dropped.isEmpty()) {
            notes.add("languages", null, dropped.size() + " tag(s) beyond the first " + MAX_LANGUAGES);
        }
        return List.copyOf(tags);
    }

    private static void addTag(Set<String> tags, String raw, String source, IgnoredNotes notes, List<String> dropped) {
        Optional<String> tag = LanguageTags.normalize(raw);
        if (tag.isEmpty()) {
            notes.add(source, raw, "is not a BCP 47 language tag");
        } else if (!tags.contains(tag.get())) {
            if (tags.size() < MAX_LANGUAGES) {
                tags.add(tag.get());
            } else {
                dropped.add(tag.get());
            }
        }
    }

    private static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String t = value.strip();
        return t.isEmpty() ? null : t;
    }
}
