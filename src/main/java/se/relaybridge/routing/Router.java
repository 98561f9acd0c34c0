package se.relaybridge.routing;


import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses the nurse queue of a relay call (DESIGN §7): the person's region by the strongest evidence at hand —
 * kommunkod, then geolocation, then the number's area code, then the profile's default, else the national
 * queue — and a language queue instead when the nurse must speak a language that has one and it is open.
 * Every piece of evidence is weighed and written to the trail, used or not, so a decision can be explained.
 */
public final class Router {

    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("EEE HH:mm", java.util.Locale.ROOT);

    private final Supplier<RoutingTable> table;
    private final Clock clock;
    private final Municipalities municipalities;

    /** @param table the table in force, asked once per decision (e.g. {@code store::current}) */
    public Router(Supplier<RoutingTable> table, Clock clock) {
        this(table, clock, Municipalities.scb());
    }

    Router(Supplier<RoutingTable> table, Clock clock, Municipalities municipalities) {
        this.table = table;
        this.clock = clock;
        this.municipalities = municipalities;
    }

    public RouteDecision decide(RouteRequest request) {
        RoutingTable t = table.get();
        Instant at = request.at() == null ? clock.instant() : request.at();
        List<Evidence> evidence = List.of(
                kommunkod(request.kommunkod()),
                CivicRegion.of(request.geolocation(), municipalities),
                NumberRegion.of(request.personNumber(), t.prefixes()),
                profileDefault(request.profileId(), t));
        List<String> trail = new ArrayList<>();
        Evidence chosen = null;
        for (Evidence e : evidence) {
            if (e.found() && chosen == null) {
                chosen = e;
                trail.add(e.note());
            } else {
                trail.add(e.found() ? e.note() + " (not used: weaker evidence)" : e.note());
            }
        }
        Optional<Region> region = chosen == null ? Optional.empty() : t.region(chosen.lan());
        String regionalQueue = region.map(Region::queue).orElse(t.nationalQueue());
        String evidenceKind = region.isPresent() ? chosen.kind() : RouteDecision.NATIONAL_FALLBACK;
        if (region.isEmpty()) {
            trail.add("national-fallback → " + t.nationalQueue());
        }
        return language(request.language(), at, t, regionalQueue, trail,
                region.map(Region::lan).orElse(null), region.map(Region::name).orElse(null), evidenceKind);
    }

    private RouteDecision language(String requested, Instant at, RoutingTable t, String regionalQueue,
                                   List<String> trail, String lan, String lanName, String evidence) {
        Optional<String> tag = LanguageTags.normalize(requested);
        if (requested != null && tag.isEmpty()) {
            trail.add("language tag not well-formed: ignored");
        }
        String language = tag.orElse(null);
        String primary = language == null ? null : language.split("-")[0];
        String decision;
        String queue = regionalQueue;
        Optional<LanguageQueue> languageQueue = "sv".equals(primary) ? Optional.empty() : t.languageQueue(primary);
        if (primary == null || "sv".equals(primary)) {
            decision = RouteDecision.NONE;
        } else if (languageQueue.isEmpty()) {
            decision = RouteDecision.NO_LANGUAGE_QUEUE;
            trail.add("language " + language + ": no language queue → " + regionalQueue);
        } else if (languageQueue.get().schedule().isOpen(at, t.timeZone())) {
            decision = RouteDecision.OPEN;
            queue = languageQueue.get().queue();
            trail.add("language " + language + ": open " + local(at, t) + " → " + queue);
        } else {
            decision = RouteDecision.CLOSED;
            trail.add("language " + language + ": closed " + local(at, t) + " → " + regionalQueue);
        }
        return new RouteDecision(lan, lanName, evidence, trail, language, decision, queue);
    }

    private static String local(Instant at, RoutingTable t) {
        ZonedDateTime local = at.atZone(t.timeZone());
        return local.format(HOUR_MINUTE) + " " + t.timeZone().getId();
    }

    private static Evidence kommunkod(String code) {
        String kind = RouteDecision.KOMMUNKOD;
        if (code == null || code.isBlank()) {
            return Evidence.none(kind, "no kommunkod");
        }
        Optional<String> lan = Lan.ofKommunkod(code.trim());
        // an invalid code is not repeated: it may be anything the relay put in the field
        return lan.map(l -> new Evidence(kind, l, "kommunkod " + code.trim() + " → " + l))
                .orElseGet(() -> Evidence.none(kind, "kommunkod is not a Swedish municipality code: ignored"));
    }

    private static Evidence profileDefault(String profileId, RoutingTable t) {
        String kind = RouteDecision.PROFILE_DEFAULT;
        if (profileId == null) {
            return Evidence.none(kind, "no relay profile: no default region");
        }
        Optional<String> lan = t.profileDefault(profileId);
        return lan.map(l -> new Evidence(kind, l, "profile-default " + profileId + " → " + l))
                .orElseGet(() -> Evidence.none(kind, "profile " + profileId + " has no default region"));
    }
}
