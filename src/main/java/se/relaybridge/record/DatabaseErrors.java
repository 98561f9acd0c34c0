package se.relaybridge.record;

import se.relaybridge.sip.NumberMask;

import java.sql.SQLException;

/**
 * What a log line may say of a database failure. A driver's message can carry the statement with its values (a
 * JDBC batch's does: "Batch entry 2 INSERT … VALUES ('+4670…')"), and a detail line the key that clashed (a
 * callback token is a permission): so the line names the deepest cause — a batch's own next exception — with its
 * SQL state and the first line of its message only, numbers masked.
 */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    static String describe(Throwable e) {
        Throwable deepest = deepest(e);
        String message = deepest.getMessage() == null ? "" : deepest.getMessage().lines().findFirst().orElse("");
        if (deepest instanceof java.sql.BatchUpdateException) {
            // a batch without a next exception: its own message is the statement with its values
            message = "a batch of statements was refused";
        }
        return kind(deepest) + ": " + NumberMask.mask(message);
    }

    /**
     * The deepest cause's class and SQL state only, for rows whose key is itself a secret (a callback token): some
     * drivers name the clashing key's value in the message's first line (H2: {@code … VALUES ('cb-…')}).
     */
    static String kind(Throwable e) {
        Throwable deepest = deepest(e);
        String state = deepest instanceof SQLException sql && sql.getSQLState() != null ? " [" + sql.getSQLState() + "]" : "";
        return deepest.getClass().getSimpleName() + state;
    }

    private static Throwable deepest(Throwable e) {
        Throwable deepest = e;
        for (int depth = 0; depth < 20; depth++) {
            Throwable next = deepest.getCause();
            if (next == null && deepest instanceof SQLException sql) {
                next = sql.getNextException();
            }
            if (next == null || next == deepest) {
                break;
            }
            deepest = next;
        }
        return deepest;
    }
}
