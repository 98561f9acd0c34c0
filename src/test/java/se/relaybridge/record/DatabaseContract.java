package se.relaybridge.record;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every records contract needs: a database of its own per test, from the subclass (an H2 file, or a fresh
 * PostgreSQL schema), dropped after the test and after anything the contract closed in its own {@code @AfterEach}.
 */
abstract class DatabaseContract {

    TestDatabase database;

    abstract TestDatabase newDatabase() throws Exception;

    @BeforeEach
    void createDatabase() throws Exception {
        database = newDatabase();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        database.close();
    }

    /** The records on this test's database, with the contracts' fixed clock and a queue of 1,000. */
    CallRecords open() {
        return CallRecords.open(database.settings(), CallRecordsContract.CLOCK, 1000);
    }
}
