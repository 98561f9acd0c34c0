package se.relaybridge.record;

import se.relaybridge.callback.CallbackGrant;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one statement that stores a callback grant, without reading first: an insert that leaves an existing row of
 * the same token as it is, so the first grant of a token stands (a second one is a bug, not a renewal) and a grant
 * written twice is no error. PostgreSQL: {@code INSERT … ON CONFLICT (token) DO NOTHING}; H2: {@code MERGE INTO …
 * USING … WHEN NOT MATCHED THEN INSERT}. Nothing is cut to fit (see {@link CallbackGrantEntity}): a value too long
 * fails the write.
 */
final class CallbackGrantInsert {

    private static final List<String> COLUMNS = List.of("token", "call_id", "profile_id", "service", "person_number",
            "relay_json", "issued_at", "expires_at");

    private CallbackGrantInsert() {
    }

    static String sql(DatabaseVendor vendor) {
        String columns = String.join(", ", COLUMNS);
        String parameters = COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", "));
        return switch (vendor) {
            case POSTGRESQL -> "INSERT INTO callback_grant (" + columns + ") VALUES (" + parameters + ")"
                    + " ON CONFLICT (token) DO NOTHING";
            case H2 -> "MERGE INTO callback_grant g USING (VALUES (" + parameters + ")) AS s (" + columns + ")"
                    + " ON g.token = s.token WHEN NOT MATCHED THEN INSERT (" + columns + ") VALUES ("
                    + COLUMNS.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")";
        };
    }

    /** Sets the statement's parameters to {@code grant}, in the order of {@link #sql}. */
    static void bind(PreparedStatement statement, CallbackGrant grant) throws SQLException {
        int i = 0;
        statement.setString(++i, grant.token());
        statement.setString(++i, grant.callId());
        statement.setString(++i, grant.profileId());
        statement.setString(++i, grant.service());
        statement.setString(++i, grant.personNumber());
        statement.setString(++i, grant.relayJson());
        statement.setObject(++i, CallRecordEntity.utc(grant.issuedAt()), Types.TIMESTAMP_WITH_TIMEZONE);
        statement.setObject(++i, CallRecordEntity.utc(grant.expiresAt()), Types.TIMESTAMP_WITH_TIMEZONE);
    }
}
