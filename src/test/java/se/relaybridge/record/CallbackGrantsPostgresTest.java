package se.relaybridge.record;

@OnPostgres
class CallbackGrantsPostgresTest extends CallbackGrantsContract {

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
