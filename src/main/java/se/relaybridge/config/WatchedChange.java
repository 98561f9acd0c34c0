package se.relaybridge.config;

/**
 * A change a file watch took in, without any operator asking: for the audit log, which keeps who changed what
 * from what to what. {@code before} and {@code after} are what was in force (null for a profile created or
 * deleted), as objects JSON-B can write or as the file's text.
 *
 * @param subject {@code profile:<id>} or {@code routing}, as the admin API's own audit entries name them
 * @param action  {@code create}, {@code replace} or {@code delete}
 */
public record WatchedChange(String subject, String action, Object before, Object after) {
}
