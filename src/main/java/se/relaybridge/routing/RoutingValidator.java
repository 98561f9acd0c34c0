package se.relaybridge.routing;

import se.relaybridge.config.ProblemList;
import se.relaybridge.routing.RoutingJson.AreaCodeEntry;
import se.relaybridge.routing.RoutingJson.HoursEntry;
import se.relaybridge.routing.RoutingJson.LanguageEntry;
import se.relaybridge.routing.RoutingJson.NonGeographicEntry;
import se.relaybridge.routing.RoutingJson.ProfileDefaultEntry;
import se.relaybridge.routing.RoutingJson.RegionEntry;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks {@code routing.json} as bound by {@link RoutingJson} and builds the {@link RoutingTable}. Every problem
 * names its field; all are collected, and the table is built only when there are none.
 */
final class RoutingValidator {

    static final String DEFAULT_ZONE = "Europe/Stockholm";
    static final String LAN_CODES = "01, 03–10, 12–14, 17–25";
    private static final Pattern PREFIX = Pattern.compile("\\+46[0-9]+");
    private static final Pattern PRIMARY_TAG = Pattern.compile("[a-z]{2,3}");
    private static final Pattern TIME = Pattern.compile("[0-9]{2}:[0-9]{2}");
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private final Set<String> queueIds;
    private final ProblemList problems;

    private RoutingValidator(Set<String> queueIds, ProblemList problems) {
        this.queueIds = queueIds;
        this.problems = problems;
    }

    /** The table, or null when {@code problems} got any. */
    static RoutingTable validate(RoutingJson.File raw, Set<String> queueIds, ProblemList problems) {
        return new RoutingValidator(Set.copyOf(queueIds), problems).table(raw);
    }

    private RoutingTable table(RoutingJson.File raw) {
        ZoneId zone = zone(raw.timeZone());
        String national = raw.nationalQueue();
        if (national == null) {
            problems.add("nationalQueue", "is missing (the queue for calls whose region is unknown)");
        } else {
            checkQueue("nationalQueue", national);
        }
        Map<String, Region> regions = regions(raw.regions());
        Map<String, String> prefixes = prefixes(raw.areaCodes(), raw.nonGeographicPrefixes());
        Map<String, String> defaults = profileDefaults(raw.profileDefaults());
        Map<String, LanguageQueue> languages = languages(raw.languages());
        if (!problems.isEmpty()) {
            return null;
        }
        return new RoutingTable(national, regions, new PrefixTable(prefixes), defaults, languages, zone);
    }

    private ZoneId zone(String name) {
        if (name == null) {
            return ZoneId.of(DEFAULT_ZONE);
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            problems.add("timeZone", "'" + name + "' is not a time zone such as " + DEFAULT_ZONE);
            return null;
        }
    }

    private Map<String, Region> regions(List<RegionEntry> entries) {
        Map<String, Region> byLan = new LinkedHashMap<>();
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            RegionEntry entry = entries.get(i);
            if (entry == null) {
                continue;
            }
            String field = "regions[" + i + "]";
            boolean lanOk = checkLan(field + ".lan", entry.lan());
            boolean queueOk = entry.queue() == null ? missing(field + ".queue") : checkQueue(field + ".queue", entry.queue());
            if (lanOk && firstIndex.containsKey(entry.lan())) {
                problems.add(field + ".lan", "'" + entry.lan() + "' is listed twice (also regions[" + firstIndex.get(entry.lan()) + "])");
            } else if (lanOk) {
                firstIndex.put(entry.lan(), i);
                String name = entry.name() == null ? Lan.NAMES.get(entry.lan()) : entry.name();
                if (queueOk) {
                    byLan.put(entry.lan(), new Region(entry.lan(), name, entry.queue()));
                }
            }
        }
        List<String> missing = Lan.CODES.stream().filter(lan -> !firstIndex.containsKey(lan)).toList();
        if (!missing.isEmpty()) {
            problems.add("regions", "every län needs a queue; missing: " + String.join(", ", missing));
        }
        return byLan;
    }

    /** Area codes and non-geographic prefixes together, as one longest-prefix table. */
    private Map<String, String> prefixes(List<AreaCodeEntry> areaCodes, List<NonGeographicEntry> nonGeographic) {
        Map<String, String> lanByPrefix = new LinkedHashMap<>();
        Map<String, String> whereListed = new LinkedHashMap<>();
        for (int i = 0; i < areaCodes.size(); i++) {
            AreaCodeEntry entry = areaCodes.get(i);
            String field = "areaCodes[" + i + "]";
            if (entry != null && checkPrefix(field + ".prefix", entry.prefix()) & checkLan(field + ".lan", entry.lan())) {
                addPrefix(field, entry.prefix(), entry.lan(), lanByPrefix, whereListed);
            }
        }
        for (int i = 0; i < nonGeographic.size(); i++) {
            NonGeographicEntry entry = nonGeographic.get(i);
            String field = "nonGeographicPrefixes[" + i + "]";
            if (entry != null && checkPrefix(field + ".prefix", entry.prefix())) {
                addPrefix(field, entry.prefix(), PrefixTable.NO_REGION, lanByPrefix, whereListed);
            }
        }
        return lanByPrefix;
    }

    private void addPrefix(String field, String prefix, String lan, Map<String, String> lanByPrefix,
                           Map<String, String> whereListed) {
        String earlier = lanByPrefix.get(prefix);
        if (earlier == null) {
            lanByPrefix.put(prefix, lan);
            whereListed.put(prefix, field);
        } else if (earlier.equals(lan)) {
            problems.add(field + ".prefix", "'" + prefix + "' is listed twice (also " + whereListed.get(prefix) + ")");
        } else {
            problems.add(field + ".prefix", "'" + prefix + "' contradicts " + whereListed.get(prefix) + ": "
                    + describe(earlier) + " there, " + describe(lan) + " here");
        }
    }

    private static String describe(String lan) {
        return lan.isEmpty() ? "no region" : "län " + lan;
    }

    private Map<String, String> profileDefaults(List<ProfileDefaultEntry> entries) {
        Map<String, String> byProfile = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            ProfileDefaultEntry entry = entries.get(i);
            if (entry == null) {
                continue;
            }
            String field = "profileDefaults[" + i + "]";
            // a profile id not (yet) in relay-profiles/ is no problem: profiles are reloaded on their own
            boolean profileOk = entry.profile() == null ? missing(field + ".profile") : true;
            if (checkLan(field + ".lan", entry.lan()) && profileOk) {
                if (byProfile.putIfAbsent(entry.profile(), entry.lan()) != null) {
                    problems.add(field + ".profile", "'" + entry.profile() + "' is listed twice");
                }
            }
        }
        return byProfile;
    }

    private Map<String, LanguageQueue> languages(List<LanguageEntry> entries) {
        Map<String, LanguageQueue> byTag = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            LanguageEntry entry = entries.get(i);
            if (entry == null) {
                continue;
            }
            String field = "languages[" + i + "]";
            boolean tagOk = entry.language() == null ? missing(field + ".language") : checkTag(field + ".language", entry.language());
            boolean queueOk = entry.queue() == null ? missing(field + ".queue") : checkQueue(field + ".queue", entry.queue());
            List<OpeningHours> hours = hours(field + ".hours", entry.hours());
            if (tagOk && byTag.containsKey(entry.language())) {
                problems.add(field + ".language", "'" + entry.language() + "' is listed twice");
            } else if (tagOk && queueOk && hours != null) {
                byTag.put(entry.language(), new LanguageQueue(entry.language(), entry.queue(), new LanguageSchedule(hours)));
            }
        }
        return byTag;
    }

    private List<OpeningHours> hours(String field, List<HoursEntry> entries) {
        if (entries.isEmpty()) {
            problems.add(field, "needs at least one line such as { \"days\": [\"MON\"], \"from\": \"08:00\", \"to\": \"17:00\" }");
            return null;
        }
        List<OpeningHours> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            HoursEntry entry = entries.get(i);
            String line = field + "[" + i + "]";
            Set<DayOfWeek> days = entry == null ? null : days(line + ".days", entry.days());
            LocalTime from = entry == null ? null : time(line + ".from", entry.from(), false);
            LocalTime to = entry == null ? null : time(line + ".to", entry.to(), true);
            boolean toOk = entry != null && entry.to() != null && (to != null || entry.to().equals("24:00"));
            if (from != null && to != null && !to.isAfter(from)) {
                problems.add(line + ".to", entry.to() + " is not after from " + entry.from()
                        + " (a span cannot cross midnight: write it as two lines)");
            } else if (days != null && from != null && toOk) {
                out.add(new OpeningHours(days, from, to));
            }
        }
        return out.size() == entries.size() ? out : null;
    }

    private Set<DayOfWeek> days(String field, List<String> days) {
        if (days == null || days.isEmpty()) {
            problems.add(field, "needs at least one day of " + String.join(", ", DAYS));
            return null;
        }
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < days.size(); i++) {
            int index = DAYS.indexOf(days.get(i));
            if (index < 0) {
                problems.add(field + "[" + i + "]", "'" + days.get(i) + "' is not one of " + String.join(", ", DAYS));
                return null;
            }
            out.add(DayOfWeek.of(index + 1));
        }
        return out;
    }

    /** {@code HH:MM}; {@code 24:00} is allowed for the end of a span and reads as null (end of day). */
    private LocalTime time(String field, String text, boolean end) {
        if (text == null) {
            missing(field);
            return null;
        }
        if (end && text.equals("24:00")) {
            return null;
        }
        if (TIME.matcher(text).matches()) {
            try {
                return LocalTime.parse(text);
            } catch (DateTimeException e) {
                // falls through to the problem below, e.g. 25:00
            }
        }
        problems.add(field, "'" + text + "' is not a time HH:MM such as 08:00" + (end ? " (or 24:00)" : ""));
        return null;
    }

    private boolean checkLan(String field, String lan) {
        if (lan == null) {
            return missing(field);
        }
        if (!Lan.CODES.contains(lan)) {
            problems.add(field, "'" + lan + "' is not a län code (" + LAN_CODES + ")");
            return false;
        }
        return true;
    }

    private boolean checkQueue(String field, String queue) {
        if (!queueIds.contains(queue)) {
            problems.add(field, "'" + queue + "' is not one of the queues " + new TreeSet<>(queueIds));
            return false;
        }
        return true;
    }

    private boolean checkPrefix(String field, String prefix) {
        if (prefix == null) {
            return missing(field);
        }
        if (!PREFIX.matcher(prefix).matches()) {
            problems.add(field, "'" + prefix + "' is not +46 followed by digits, e.g. +4631");
            return false;
        }
        if (prefix.startsWith("+460")) {
            problems.add(field, "'" + prefix + "' keeps the trunk 0: write +46" + prefix.substring(4));
            return false;
        }
        return true;
    }

    private boolean checkTag(String field, String tag) {
        if (!PRIMARY_TAG.matcher(tag).matches()) {
            problems.add(field, "'" + tag + "' is not a primary language tag (2–3 lower-case letters) such as en, ar, so");
            return false;
        }
        return true;
    }

    private boolean missing(String field) {
        problems.add(field, "is missing");
        return false;
    }
}
