package se.relaybridge.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminUsersTest {

    static final String OPS_HASH = PasswordHash.create("ops-password-1".toCharArray(), 10_000);

    @TempDir
    Path root;

    @Test
    void withoutTheFileNobodyCanLogIn() {
        AdminUsers users = AdminUsers.load(ConfigLocation.of(root));

        assertThat(users.isEmpty()).isTrue();
        assertThat(users.source()).isEqualTo("sip-config/admin.json does not exist");
    }

    @Test
    void usersAreReadWithTheirRoles() throws IOException {
        write("""
                { "users": [ { "name": "ops", "role": "ops", "passwordHash": "%s" },
                             { "name": "lead.nurse", "role": "viewer", "passwordHash": "%s" } ] }
                """.formatted(OPS_HASH, OPS_HASH));

        AdminUsers users = AdminUsers.load(ConfigLocation.of(root));

        assertThat(users.find("ops")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(AdminRole.OPS));
        assertThat(users.find("lead.nurse")).hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(AdminRole.VIEWER));
        assertThat(users.find("ops").orElseThrow().password().matches("ops-password-1".toCharArray())).isTrue();
        assertThat(users.find("ops").orElseThrow().password().matches("ops-password-2".toCharArray())).isFalse();
    }

    @Test
    void everyProblemOfTheFileIsNamedByField() throws IOException {
        write("""
                { "users": [ { "name": "ops", "role": "admin", "passwordHash": "secret" },
                             { "name": "a b", "role": "viewer", "passwordHash": "%s", "email": "x" },
                             { "name": "v", "role": "viewer", "passwordHash": "%s" },
                             { "name": "v", "role": "viewer", "passwordHash": "%s" } ],
                  "realm": "x" }
                """.formatted(OPS_HASH, OPS_HASH, OPS_HASH));

        assertThatThrownBy(() -> AdminUsers.load(ConfigLocation.of(root)))
                .isInstanceOf(ConfigProblem.class)
                .hasMessageContaining("sip-config/admin.json: realm: is not a field of admin.json (only users)")
                .hasMessageContaining("sip-config/admin.json: users[0].role: 'admin' is unknown; one of ops, viewer")
                .hasMessageContaining("sip-config/admin.json: users[0].passwordHash: is not pbkdf2-sha256:")
                .hasMessageContaining("sip-config/admin.json: users[1].email: is not a field of a user")
                .hasMessageContaining("sip-config/admin.json: users[1].name: must be 1-64 letters")
                .hasMessageContaining("sip-config/admin.json: users: 'v' is listed twice")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aCheapHashIsRefused() throws IOException {
        write("""
                { "users": [ { "name": "ops", "role": "ops", "passwordHash": "%s" } ] }
                """.formatted(PasswordHash.create("ops-password-1".toCharArray(), 1_000)));

        assertThatThrownBy(() -> AdminUsers.load(ConfigLocation.of(root)))
                .hasMessage("sip-config/admin.json: users[0].passwordHash: has 1000 iterations; at least 10000");
    }

    @Test
    void notJsonIsNamed() throws IOException {
        write("{ users: ");

        assertThatThrownBy(() -> AdminUsers.load(ConfigLocation.of(root)))
                .hasMessageStartingWith("sip-config/admin.json: (json): is not valid");
    }

    private void write(String json) throws IOException {
        Files.createDirectories(root.resolve("sip-config"));
        Files.writeString(root.resolve("sip-config/admin.json"), json);
    }
}
