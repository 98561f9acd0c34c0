package se.relaybridge.record;

@OnPostgres
class CallRecordsPostgresTest extends CallRecordsContract {

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
