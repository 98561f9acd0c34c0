package se.relaybridge.routing;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

/**
 * One line of a language queue's hours: on each of {@code days}, open from {@code from} up to, not including,
 * {@code to}. {@code to == null} stands for 24:00, the end of the day. A span never crosses midnight; an evening
 * into the night is written as two lines.
 */
public record OpeningHours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    public OpeningHours {
        days = Set.copyOf(days);
    }

    public boolean covers(DayOfWeek day, LocalTime time) {
        return days.contains(day) && !time.isBefore(from) && (to == null || time.isBefore(to));
    }
}
