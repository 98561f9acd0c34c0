package se.relaybridge.relay;

import se.relaybridge.sip.NumberMask;

import java.util.ArrayList;
import java.util.List;

/**
 * Notes about malformed metadata that was dropped, worded for an operator: {@code <source>: '<value>' <why>}.
 * Values come from the network, so they are cut short, stripped of control characters, and their digit
 * runs masked (a malformed PAI is still a phone number; the notes reach call records and may be logged).
 * The list is capped: a hostile INVITE must not grow the metadata body without bound.
 */
final class IgnoredNotes {

    static final int MAX_NOTES = 16;
    private static final int MAX_VALUE_CHARS = 32;

    private final List<String> notes = new ArrayList<>();
    private int overflow;

    /** @param value the offending value, or null when the note is about something else than one value */
    void add(String source, String value, String why) {
        if (notes.size() >= MAX_NOTES) {
            overflow++;
            return;
        }
        notes.add(value == null ? source + ": " + why : source + ": '" + quote(value) + "' " + why);
    }

    List<String> list() {
        if (overflow == 0) {
            return List.copyOf(notes);
        }
        List<String> all = new ArrayList<>(notes);
        all.add(overflow + " more malformed value(s) ignored");
        return List.copyOf(all);
    }

    private static String quote(String value) {
        // mask before cutting, so a number cut in half cannot escape the mask's five-digit threshold
        String clean = NumberMask.mask(value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString());
        if (clean.codePointCount(0, clean.length()) > MAX_VALUE_CHARS) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_VALUE_CHARS)) + "...";
        }
        return clean;
    }
}
