package se.relaybridge.admin;

/** One login of the admin API. */
public record AdminUser(String name, AdminRole role, PasswordHash password) {
}
