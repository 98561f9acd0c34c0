package se.relaybridge.routing;

import java.util.List;

/**
 * Where a call was routed and why; recorded with the call and carried in the relay metadata JSON. The trail holds
 * one short line per piece of evidence considered, strongest first, and never a whole phone number.
 * <p>
 * One constructor only (the canonical one): JSON-B binds records through it.
 *
 * @param region           the län code, or null when the call went to the national queue
 * @param regionName       the län's name, or null
 * @param evidence         what decided the region: {@code kommunkod}, {@code geolocation}, {@code area-code},
 *                         {@code profile-default} or {@code national-fallback}
 * @param trail            every piece of evidence and what it said
 * @param language         the requested language tag (normalized), or null
 * @param languageDecision {@code open} (its language queue took the call), {@code closed} (it has one, closed
 *                         now), {@code no-language-queue}, or {@code none} (no language asked, or Swedish)
 * @param queue            the queue id the call goes to
 */
public record RouteDecision(String region, String regionName, String evidence, List<String> trail, String language,
                            String languageDecision, String queue) {

    public static final String KOMMUNKOD = "kommunkod";
    public static final String GEOLOCATION = "geolocation";
    public static final String AREA_CODE = "area-code";
    public static final String PROFILE_DEFAULT = "profile-default";
    public static final String NATIONAL_FALLBACK = "national-fallback";

    public static final String OPEN = "open";
    public static final String CLOSED = "closed";
    public static final String NO_LANGUAGE_QUEUE = "no-language-queue";
    public static final String NONE = "none";

    public RouteDecision {
        trail = List.copyOf(trail);
    }
}
