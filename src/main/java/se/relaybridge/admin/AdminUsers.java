package se.relaybridge.admin;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.JsonConfigReader;
import se.relaybridge.config.ProblemList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The logins of the admin API, from {@code sip-config/admin.json}. There is deliberately no built-in login: without
 * the file every request is refused with 401, so no installation can run with a default password.
 */
public record AdminUsers(Map<String, AdminUser> byName, String source) {

    static final String FILE = "admin.json";
    private static final Set<String> USER_FIELDS = Set.of("name", "role", "passwordHash");

    public static AdminUsers none(String why) {
        return new AdminUsers(Map.of(), why);
    }

    public Optional<AdminUser> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    /** Every problem of the file at once; a file with any problem grants no login at all. */
    public static AdminUsers load(ConfigLocation location) {
        Path file = location.sipConfig(FILE);
        String name = location.displayName(file);
        if (!Files.exists(file)) {
            return none(name + " does not exist");
        }
        JsonObject root = JsonConfigReader.readObject(file, name);
        ProblemList problems = new ProblemList(name);
        root.keySet().stream().filter(k -> !k.equals("users"))
                .forEach(k -> problems.add(k, "is not a field of " + FILE + " (only users)"));
        JsonValue users = root.get("users");
        Map<String, AdminUser> byName = new LinkedHashMap<>();
        if (users == null || users.getValueType() != JsonValue.ValueType.ARRAY) {
            problems.add("users", "must be a list of { name, role, passwordHash }");
        } else {
            List<JsonValue> list = users.asJsonArray();
            for (int i = 0; i < list.size(); i++) {
                user(list.get(i), "users[" + i + "]", problems).ifPresent(u -> {
                    if (byName.putIfAbsent(u.name(), u) != null) {
                        problems.add("users", "'" + u.name() + "' is listed twice");
                    }
                });
            }
        }
        if (!problems.isEmpty()) {
            throw problems.list().size() == 1 ? problems.list().get(0) : new ConfigProblem(name, "(file)",
                    String.join("; ", problems.list().stream().map(Throwable::getMessage).toList()));
        }
        return new AdminUsers(Map.copyOf(byName), name);
    }

    private static Optional<AdminUser> user(JsonValue value, String field, ProblemList problems) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            problems.add(field, "must be an object { name, role, passwordHash }");
            return Optional.empty();
        }
        JsonObject user = value.asJsonObject();
        int before = problems.list().size();
        user.keySet().stream().filter(k -> !USER_FIELDS.contains(k))
                .forEach(k -> problems.add(field + "." + k, "is not a field of a user (name, role, passwordHash)"));
        String name = text(user, "name");
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            problems.add(field + ".name", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        String roleName = text(user, "role");
        Optional<AdminRole> role = AdminRole.fromWireName(roleName);
        if (role.isEmpty()) {
            problems.add(field + ".role", (roleName == null ? "is missing" : "'" + roleName + "' is unknown")
                    + "; one of ops, viewer");
        }
        PasswordHash hash = null;
        try {
            hash = PasswordHash.parse(text(user, "passwordHash"));
        } catch (IllegalArgumentException e) {
            problems.add(field + ".passwordHash", e.getMessage());
        }
        return problems.list().size() == before ? Optional.of(new AdminUser(name, role.get(), hash)) : Optional.empty();
    }

    private static String text(JsonObject object, String key) {
        JsonValue v = object.get(key);
        return v != null && v.getValueType() == JsonValue.ValueType.STRING ? object.getString(key) : null;
    }
}
