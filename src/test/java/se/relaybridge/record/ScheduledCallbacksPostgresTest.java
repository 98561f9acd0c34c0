package se.relaybridge.record;

@OnPostgres
class ScheduledCallbacksPostgresTest extends ScheduledCallbacksContract {

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
