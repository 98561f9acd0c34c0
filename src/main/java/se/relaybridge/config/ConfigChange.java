package se.relaybridge.config;

/**
 * A configuration file read again while relaybridge runs, for the audit log: who asked (an operator's login, or
 * {@link #FILE_WATCH} when relaybridge noticed the file change), what the file held in force before and after.
 *
 * @param subject {@code queues}, {@code routing}, {@code callbacks}
 * @param action  {@code reload} (taken, or read again on request with no change) or {@code refused} (a problem: the
 *                configuration in force stays; {@code after} is then the refused text, {@code problems} why)
 */
public record ConfigChange(String who, String subject, String action, String before, String after, String problems) {

    public static final String FILE_WATCH = "file-watch";
}
