package se.relaybridge.routing;

import se.relaybridge.config.JsonFields;

import java.util.List;

/**
 * Binds {@code routing.json}, parsed with JSON-P, to its raw shape: every value as written, unchecked. Unknown
 * keys are refused ({@link JsonFields#allowOnly}), so a misspelt {@code "prefx"} cannot leave an area code out
 * unnoticed. {@link RoutingValidator} turns the raw shape into a {@link RoutingTable}.
 */
final class RoutingJson {

    static final List<String> TOP = List.of("source", "timeZone", "nationalQueue", "regions", "profileDefaults",
            "languages", "areaCodes", "nonGeographicPrefixes");
    static final List<String> REGION = List.of("lan", "name", "queue");
    static final List<String> PROFILE_DEFAULT = List.of("profile", "lan");
    static final List<String> LANGUAGE = List.of("language", "name", "queue", "hours");
    static final List<String> HOURS = List.of("days", "from", "to");
    static final List<String> AREA_CODE = List.of("prefix", "lan", "area");
    static final List<String> NON_GEOGRAPHIC = List.of("prefix", "use");

    record File(String timeZone, String nationalQueue, List<RegionEntry> regions,
                List<ProfileDefaultEntry> profileDefaults, List<LanguageEntry> languages,
                List<AreaCodeEntry> areaCodes, List<NonGeographicEntry> nonGeographicPrefixes) {
    }

    record RegionEntry(String lan, String name, String queue) {
    }

    record ProfileDefaultEntry(String profile, String lan) {
    }

    record LanguageEntry(String language, String queue, List<HoursEntry> hours) {
    }

    record HoursEntry(List<String> days, String from, String to) {
    }

    record AreaCodeEntry(String prefix, String lan) {
    }

    record NonGeographicEntry(String prefix) {
    }

    private RoutingJson() {
    }

    /** Lists that are absent read as empty, so the validator reports what is missing in its own words. */
    static File bind(JsonFields root) {
        root.allowOnly(TOP);
        root.string("source");
        return new File(root.string("timeZone"), root.string("nationalQueue"),
                orEmpty(root.objects("regions", RoutingJson::region)),
                orEmpty(root.objects("profileDefaults", RoutingJson::profileDefault)),
                orEmpty(root.objects("languages", RoutingJson::language)),
                orEmpty(root.objects("areaCodes", RoutingJson::areaCode)),
                orEmpty(root.objects("nonGeographicPrefixes", RoutingJson::nonGeographic)));
    }

    private static RegionEntry region(JsonFields f) {
        f.allowOnly(REGION);
        return new RegionEntry(f.string("lan"), f.string("name"), f.string("queue"));
    }

    private static ProfileDefaultEntry profileDefault(JsonFields f) {
        f.allowOnly(PROFILE_DEFAULT);
        return new ProfileDefaultEntry(f.string("profile"), f.string("lan"));
    }

    private static LanguageEntry language(JsonFields f) {
        f.allowOnly(LANGUAGE);
        f.string("name");
        return new LanguageEntry(f.string("language"), f.string("queue"), orEmpty(f.objects("hours", RoutingJson::hours)));
    }

    private static HoursEntry hours(JsonFields f) {
        f.allowOnly(HOURS);
        return new HoursEntry(f.strings("days"), f.string("from"), f.string("to"));
    }

    private static AreaCodeEntry areaCode(JsonFields f) {
        f.allowOnly(AREA_CODE);
        f.string("area");
        return new AreaCodeEntry(f.string("prefix"), f.string("lan"));
    }

    private static NonGeographicEntry nonGeographic(JsonFields f) {
        f.allowOnly(NON_GEOGRAPHIC);
        f.string("use");
        return new NonGeographicEntry(f.string("prefix"));
    }

    // List.copyOf would refuse the nulls that stand for elements that were not objects
    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
