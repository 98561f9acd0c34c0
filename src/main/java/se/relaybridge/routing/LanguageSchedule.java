package se.relaybridge.routing;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * When a language queue is staffed. Hours are wall-clock times where the queue is (Europe/Stockholm), so the
 * instant is turned into that zone's local time first: 08:00 is 07:00 UTC in winter and 06:00 UTC in summer.
 */
public record LanguageSchedule(List<OpeningHours> hours) {

    public LanguageSchedule {
        hours = List.copyOf(hours);
    }

    public boolean isOpen(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return hours.stream().anyMatch(h -> h.covers(local.getDayOfWeek(), local.toLocalTime()));
    }
}
