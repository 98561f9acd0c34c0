package se.relaybridge.record;

@OnPostgres
class SearchAndAuditPostgresTest extends SearchAndAuditContract {

    @Override
    TestDatabase newDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
