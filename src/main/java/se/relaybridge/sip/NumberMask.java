package se.relaybridge.sip;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides phone numbers and personnummer in text bound for a log: every run of five or more digits keeps
 * only its last two, so a log line can still be matched to a call without identifying the person.
 */
public final class NumberMask {

    private static final Pattern DIGIT_RUN = Pattern.compile("\\d[\\d -]{3,}\\d");

    private NumberMask() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DIGIT_RUN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String run = m.group();
            long digits = run.chars().filter(Character::isDigit).count();
            if (digits < 5) {
                m.appendReplacement(out, Matcher.quoteReplacement(run));
                continue;
            }
            String tail = run.replaceAll("\\D", "");
            m.appendReplacement(out, "*".repeat((int) digits - 2) + tail.substring(tail.length() - 2));
        }
        m.appendTail(out);
        return out.toString();
    }
}
