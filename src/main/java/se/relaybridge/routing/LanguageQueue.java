package se.relaybridge.routing;

/** A queue of nurses who speak {@code language} (a primary language tag such as {@code ar}), with its hours. */
public record LanguageQueue(String language, String queue, LanguageSchedule schedule) {
}
