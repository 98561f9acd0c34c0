package se.relaybridge.call;

import javax.sip.header.Header;
import javax.sip.message.Message;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code Session-Expires} value (RFC 4028): the session interval and who refreshes, {@code uac} or {@code uas}. */
record SessionExpires(Duration interval, String refresher) {

    static final String HEADER = "Session-Expires";
    static final String COMPACT = "x";
    static final String MIN_SE = "Min-SE";
    private static final Pattern VALUE = Pattern.compile("^\\s*(\\d{1,9})\\s*(?:;(.*))?$");
    private static final Pattern REFRESHER = Pattern.compile("(?i)(?:^|;)\\s*refresher\\s*=\\s*(uac|uas)\\b");

    /** The message's Session-Expires, if it has a well-formed one. */
    static Optional<SessionExpires> of(Message message) {
        Header header = message.getHeader(HEADER);
        if (header == null) {
            header = message.getHeader(COMPACT);
        }
        return header == null ? Optional.empty() : parse(QueueInviteBuilder.valueOf(header));
    }

    static Optional<SessionExpires> parse(String value) {
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        long seconds = Long.parseLong(m.group(1));
        if (seconds <= 0) {
            return Optional.empty();
        }
        String refresher = null;
        if (m.group(2) != null) {
            Matcher r = REFRESHER.matcher(m.group(2));
            if (r.find()) {
                refresher = r.group(1).toLowerCase(Locale.ROOT);
            }
        }
        return Optional.of(new SessionExpires(Duration.ofSeconds(seconds), refresher));
    }

    /** The message's Min-SE in seconds, or 0 when absent or malformed. */
    static long minSe(Message message) {
        Header header = message.getHeader(MIN_SE);
        if (header == null) {
            return 0;
        }
        Matcher m = VALUE.matcher(QueueInviteBuilder.valueOf(header));
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    String headerValue() {
        return interval.toSeconds() + (refresher == null ? "" : ";refresher=" + refresher);
    }
}
