package se.relaybridge.record;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database failure in a log line: its cause and SQL state, never the statement's values nor a clashing key. */
class DatabaseErrorsTest {

    private static final String STATEMENT = "Batch entry 2 INSERT INTO callback_grant VALUES ('cb-secrettoken', '+46701740605') was aborted";

    @Test
    void aRefusedBatchIsToldByItsNextExceptionsFirstLine() {
        BatchUpdateException batch = new BatchUpdateException(STATEMENT, new int[0]);
        batch.setNextException(new SQLException("ERROR: value too long for type character varying(64)\n"
                + "  Detail: Key (token)=(cb-secrettoken) already exists.", "22001"));
        String line = DatabaseErrors.describe(new RuntimeException("Internal Exception: " + STATEMENT, batch));
        assertThat(line).isEqualTo("SQLException [22001]: ERROR: value too long for type character varying(64)");
    }

    @Test
    void aBatchWithoutItsCauseSaysNoMoreThanThat() {
        String line = DatabaseErrors.describe(new IllegalStateException(new BatchUpdateException(STATEMENT, new int[0])));
        assertThat(line).isEqualTo("BatchUpdateException: a batch of statements was refused");
    }

    @Test
    void numbersInAMessageAreMasked() {
        String line = DatabaseErrors.describe(new SQLException("no row for +46701740605", "02000"));
        assertThat(line).doesNotContain("46701740605").endsWith("*********05");
    }
}
