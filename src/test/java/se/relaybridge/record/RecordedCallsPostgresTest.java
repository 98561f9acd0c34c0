package se.relaybridge.record;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

class RecordedCallsPostgresTest extends RecordedCallsContract {

    @BeforeAll
    static void needsPostgres() {
        Assumptions.assumeTrue(TestDatabase.postgresConfigured(), TestDatabase.POSTGRES_SKIPPED);
    }

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
