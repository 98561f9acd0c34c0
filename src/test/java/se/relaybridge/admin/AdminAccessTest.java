package se.relaybridge.admin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    private static final AdminUser OPS = new AdminUser("ops", AdminRole.OPS,
            PasswordHash.parse(AdminUsersTest.OPS_HASH));
    private final AdminAccess access = AdminAccess.of(new AdminUsers(Map.of("ops", OPS), "test"),
            Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void theRightPasswordLogsIn() {
        assertThat(access.authenticate(basic("ops", "ops-password-1"))).contains(OPS);
        // a second time from the remembered verification
        assertThat(access.authenticate(basic("ops", "ops-password-1"))).contains(OPS);
    }

    @Test
    void aWrongPasswordAnUnknownUserOrAnotherSchemeDoNot() {
        assertThat(access.authenticate(basic("ops", "ops-password-2"))).isEmpty();
        assertThat(access.authenticate(basic("nobody", "ops-password-1"))).isEmpty();
        assertThat(access.authenticate("Bearer abc")).isEmpty();
        assertThat(access.authenticate("Basic !!!")).isEmpty();
        assertThat(access.authenticate(null)).isEmpty();
        assertThat(access.noLoginsReason()).isEmpty();
    }

    @Test
    void withoutUsersTheReasonIsGiven() {
        AdminAccess none = AdminAccess.of(AdminUsers.none("sip-config/admin.json does not exist"), Clock.systemUTC());

        assertThat(none.authenticate(basic("ops", "ops-password-1"))).isEmpty();
        assertThat(none.noLoginsReason()).contains("sip-config/admin.json does not exist");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
