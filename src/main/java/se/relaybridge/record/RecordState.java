package se.relaybridge.record;

import java.util.Arrays;

/** Where a call record stands; the text is what the database and the API hold. */
public enum RecordState {
    IN_PROGRESS("in-progress"),
    ENDED("ended"),
    /** the call was still in progress when relaybridge stopped without ending it (a crash, a kill) */
    INTERRUPTED("interrupted");

    private final String text;

    RecordState(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static RecordState of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "state: '" + text + "' is not one of in-progress, ended, interrupted"));
    }
}
