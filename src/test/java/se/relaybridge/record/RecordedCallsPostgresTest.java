package se.relaybridge.record;

@OnPostgres
class RecordedCallsPostgresTest extends RecordedCallsContract {

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
