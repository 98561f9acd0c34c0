package se.relaybridge.record;

import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;
import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackToken;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Callback grants kept in the records database: issuing, finding, restarting, purging; against H2 and PostgreSQL. */
abstract class CallbackGrantsContract extends DatabaseContract {

    static final Duration FLUSH = Duration.ofSeconds(30);
    static final Instant NOW = CallRecordsContract.CLOCK.instant();
    // from the PTS range reserved for fiction; the digits alone must not show in a log either
    static final String PERSON = "+46701740605";
    static final String PERSON_DIGITS = "701740605";


    static CallbackGrant grant(String callId, Instant expiresAt) {
        return grant(CallbackToken.newToken(), callId, expiresAt);
    }

    static CallbackGrant grant(String token, String callId, Instant expiresAt) {
        return new CallbackGrant(token, callId, "texttelefoni", "text", PERSON,
                "{\"service\":\"text\",\"number\":\"" + PERSON + "\"}", NOW.minusSeconds(60), expiresAt);
    }

    @Test
    void aGrantIsFoundAtOnceBeforeItsWriteIsDone() throws Exception {
        try (CallRecords records = open()) {
            PersistentCallbackTokens tokens = records.callbackTokens();
            tokens.writer().pause();
            CallbackGrant grant = grant("rb-0000000000000101", NOW.plus(Duration.ofHours(24)));
            tokens.issue(grant);
            assertThat(tokens.find(grant.token(), NOW)).contains(grant);
            assertThat(tokens.stored(grant.token())).isEmpty();

            tokens.writer().resume();
            assertThat(tokens.flush(FLUSH)).isTrue();
            assertThat(tokens.stored(grant.token())).contains(grant);
            assertThat(tokens.find(grant.token(), NOW)).contains(grant);
        }
    }

    /** docs/overload.md: grants that wait for the writer are stored in one transaction, with no read first. */
    @Test
    void grantsWaitingForTheWriterAreStoredInOneTransaction() throws Exception {
        try (CallRecords records = open()) {
            PersistentCallbackTokens tokens = records.callbackTokens();
            assertThat(tokens.flush(FLUSH)).isTrue();
            long before = tokens.writer().commits();
            tokens.writer().pause();
            List<CallbackGrant> grants = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                grants.add(grant(String.format("rb-%016d", 200 + i), NOW.plus(Duration.ofHours(24))));
                tokens.issue(grants.get(i));
            }
            tokens.writer().resume();
            assertThat(tokens.flush(FLUSH)).isTrue();
            assertThat(tokens.writer().commits() - before).as("transactions for 50 waiting grants").isEqualTo(1);
            grants.forEach(g -> assertThat(tokens.stored(g.token())).contains(g));
            assertThat(tokens.failed()).isZero();
        }
    }

    /**
     * Issue 13: a call's grant is committed with the call's records, in their transaction (one commit stream, not
     * one for the records and one for the grants), and is in the database once the answered record's stage is done.
     */
    @Test
    void aGrantIsCommittedInTheTransactionOfTheRecordsAroundIt() throws Exception {
        try (CallRecords records = open()) {
            PersistentCallbackTokens tokens = records.callbackTokens();
            assertThat(tokens.writer()).isSameAs(records.writer());
            assertThat(records.flush(FLUSH)).isTrue();
            long before = records.writer().commits();
            records.writer().pause();
            records.started(Facts.started("rb-0000000000000401", Facts.T0));
            CallbackGrant grant = grant("rb-0000000000000401", NOW.plus(Duration.ofHours(24)));
            tokens.issue(grant);
            var answered = records.answered(Facts.started("rb-0000000000000401", Facts.T0)).toCompletableFuture();
            records.writer().resume();
            answered.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(tokens.stored(grant.token())).contains(grant);
            assertThat(records.writer().commits() - before).as("transactions for a call's records and grant")
                    .isEqualTo(1);
            assertThat(records.byCallId("rb-0000000000000401")).isPresent();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().contains("callback-grants"));
        }
    }

    /** A grant the database refuses fails alone: the others of its batch are stored. */
    @Test
    void aGrantTheDatabaseRefusesFailsAloneInItsBatch() throws Exception {
        try (CallRecords records = open()) {
            PersistentCallbackTokens tokens = records.callbackTokens();
            tokens.writer().pause();
            CallbackGrant before = grant("rb-0000000000000301", NOW.plus(Duration.ofHours(24)));
            // call_id is VARCHAR(64): the database refuses this one
            CallbackGrant refused = grant("rb-" + "x".repeat(70), NOW.plus(Duration.ofHours(24)));
            CallbackGrant after = grant("rb-0000000000000302", NOW.plus(Duration.ofHours(24)));
            tokens.issue(before);
            tokens.issue(refused);
            tokens.issue(after);
            tokens.writer().resume();
            assertThat(tokens.flush(FLUSH)).isTrue();
            assertThat(tokens.stored(before.token())).contains(before);
            assertThat(tokens.stored(after.token())).contains(after);
            assertThat(tokens.stored(refused.token())).isEmpty();
            assertThat(tokens.failed()).isEqualTo(1);
        }
    }

    @Test
    void grantsSurviveARestart() {
        CallbackGrant grant = grant("rb-0000000000000102", NOW.plus(Duration.ofHours(24)));
        try (CallRecords records = open()) {
            records.callbackTokens().issue(grant);
        }
        try (CallRecords again = open()) {
            assertThat(again.callbackTokens().find(grant.token(), NOW)).contains(grant);
        }
    }

    @Test
    void anExpiredGrantIsNotFoundInMemoryNorInTheDatabase() throws Exception {
        Instant expiry = NOW.plus(Duration.ofHours(1));
        CallbackGrant grant = grant("rb-0000000000000103", expiry);
        try (CallRecords records = open()) {
            records.callbackTokens().writer().pause();
            records.callbackTokens().issue(grant);
            assertThat(records.callbackTokens().find(grant.token(), expiry.minusMillis(1))).contains(grant);
            assertThat(records.callbackTokens().find(grant.token(), expiry)).isEmpty();
            records.callbackTokens().writer().resume();
        }
        try (CallRecords again = open()) {
            assertThat(again.callbackTokens().find(grant.token(), expiry.minusMillis(1))).contains(grant);
            assertThat(again.callbackTokens().find(grant.token(), expiry)).isEmpty();
            assertThat(again.callbackTokens().find(grant.token(), expiry.plus(Duration.ofDays(2)))).isEmpty();
        }
    }

    @Test
    void aGrantIsFoundByItsCallIdInMemoryAndAfterARestartWhileValid() throws Exception {
        Instant expiry = NOW.plus(Duration.ofHours(1));
        CallbackGrant grant = grant("rb-0000000000000120", expiry);
        try (CallRecords records = open()) {
            records.callbackTokens().writer().pause();
            records.callbackTokens().issue(grant);
            assertThat(records.callbackTokens().findByCallId("rb-0000000000000120", NOW)).contains(grant);
            records.callbackTokens().writer().resume();
        }
        try (CallRecords again = open()) {
            assertThat(again.callbackTokens().findByCallId("rb-0000000000000120", NOW)).contains(grant);
            assertThat(again.callbackTokens().findByCallId("rb-0000000000000120", expiry)).isEmpty();
            assertThat(again.callbackTokens().findByCallId("rb-0000000000000121", NOW)).isEmpty();
            assertThat(again.callbackTokens().findByCallId(null, NOW)).isEmpty();
        }
    }

    @Test
    void anUnknownTokenIsNotFound() {
        try (CallRecords records = open()) {
            records.callbackTokens().issue(grant("rb-0000000000000104", NOW.plus(Duration.ofHours(24))));
            assertThat(records.callbackTokens().find(CallbackToken.newToken(), NOW)).isEmpty();
            assertThat(records.callbackTokens().find(null, NOW)).isEmpty();
        }
    }

    @Test
    void aTokenIssuedTwiceKeepsItsFirstGrant() {
        String token = CallbackToken.newToken();
        CallbackGrant first = grant(token, "rb-0000000000000105", NOW.plus(Duration.ofHours(24)));
        CallbackGrant second = grant(token, "rb-0000000000000106", NOW.plus(Duration.ofHours(48)));
        String written = CallbackToken.newToken();
        CallbackGrant writtenFirst = grant(written, "rb-0000000000000107", NOW.plus(Duration.ofHours(24)));
        try (CallRecords records = open()) {
            PersistentCallbackTokens tokens = records.callbackTokens();
            tokens.issue(first);
            tokens.issue(second);
            // the writer may have stored the first before the second came: then the second waits in memory until
            // its write finds the first's row and lets it go, so the first holds once the writes are done
            assertThat(tokens.flush(FLUSH)).isTrue();
            assertThat(tokens.find(token, NOW)).contains(first);

            // the second comes after the first is in the database, no longer in memory
            tokens.issue(writtenFirst);
            assertThat(tokens.flush(FLUSH)).isTrue();
            tokens.issue(grant(written, "rb-0000000000000108", NOW.plus(Duration.ofHours(48))));
            assertThat(tokens.flush(FLUSH)).isTrue();
            assertThat(tokens.find(written, NOW)).contains(writtenFirst);
            assertThat(tokens.failed()).isZero();
        }
        try (CallRecords again = open()) {
            assertThat(again.callbackTokens().find(token, NOW)).contains(first);
            assertThat(again.callbackTokens().find(written, NOW)).contains(writtenFirst);
        }
    }

    @Test
    void theStartPurgesOnlyGrantsExpiredMoreThanThirtyDaysAgo() {
        CallbackGrant longGone = grant("rb-0000000000000109", NOW.minus(Duration.ofDays(30)).minusSeconds(1));
        CallbackGrant recentlyExpired = grant("rb-0000000000000110", NOW.minus(Duration.ofDays(29)));
        CallbackGrant valid = grant("rb-0000000000000111", NOW.plus(Duration.ofHours(24)));
        try (CallRecords records = open()) {
            List.of(longGone, recentlyExpired, valid).forEach(records.callbackTokens()::issue);
        }
        try (CallRecords again = open()) {
            PersistentCallbackTokens tokens = again.callbackTokens();
            assertThat(tokens.stored(longGone.token())).isEmpty();
            assertThat(tokens.stored(recentlyExpired.token())).contains(recentlyExpired);
            assertThat(tokens.find(recentlyExpired.token(), NOW)).isEmpty();
            assertThat(tokens.stored(valid.token())).contains(valid);

            assertThat(tokens.purgeExpired(NOW)).isZero();
            assertThat(tokens.purgeExpired(NOW.plus(Duration.ofDays(1)).plusMillis(1))).isEqualTo(1);
            assertThat(tokens.stored(recentlyExpired.token())).isEmpty();
            assertThat(tokens.stored(valid.token())).contains(valid);
        }
    }

    @Test
    void aFullQueueDropsAndCountsButTheGrantsHoldUntilTheStop() throws Exception {
        List<CallbackGrant> grants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            grants.add(grant(String.format("rb-full-%02d", i), NOW.plus(Duration.ofHours(24))));
        }
        try (LogCapture log = new LogCapture(); Standalone store = standalone(5)) {
            PersistentCallbackTokens tokens = store.tokens();
            try {
                tokens.writer().pause();
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> grants.forEach(tokens::issue));
                assertThat(tokens.dropped()).isEqualTo(15);
                assertThat(grants).allMatch(g -> tokens.find(g.token(), NOW).isPresent());
                tokens.writer().resume();
                assertThat(tokens.flush(FLUSH)).isTrue();
                assertThat(grants).filteredOn(g -> tokens.stored(g.token()).isPresent()).hasSize(5);
                assertThat(grants).allMatch(g -> tokens.find(g.token(), NOW).isPresent());
            } finally {
                tokens.writer().resume();
            }
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("callback grants: the write queue is full, 1 grants dropped so far (this one: call"
                    + " rb-full-05)"));
            assertNoPersonData(log, grants);
        }
    }

    @Test
    void issueNeverBlocksWhenTheDatabaseIsGone() throws Exception {
        List<CallbackGrant> grants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            grants.add(grant(String.format("rb-gone-%02d", i), NOW.plus(Duration.ofHours(24))));
        }
        try (LogCapture log = new LogCapture()) {
            try (Standalone store = standalone(5)) {
                PersistentCallbackTokens tokens = store.tokens();
                store.pool().close();
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> grants.forEach(tokens::issue));
                assertThat(grants).allMatch(g -> tokens.find(g.token(), NOW).isPresent());
                assertThat(tokens.find(CallbackToken.newToken(), NOW)).isEmpty();
                assertThat(tokens.flush(FLUSH)).isTrue();
                assertThat(tokens.failed() + tokens.dropped()).isEqualTo(20);
                assertThat(tokens.failed()).isPositive();
                // a grant whose write failed still holds in this process
                assertThat(grants).allMatch(g -> tokens.find(g.token(), NOW).isPresent());
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> tokens.writer().stop(FLUSH));
            }
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("callback grants: cannot store the grant of call rb-gone-00, it holds only until"
                    + " relaybridge stops: "));
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("callback grants: cannot read the database, a callback is refused: "));
            assertNoPersonData(log, grants);
        }
    }

    @Test
    void noLogLineShowsThePersonOrTheToken() throws Exception {
        List<CallbackGrant> grants = List.of(grant("rb-0000000000000112", NOW.minus(Duration.ofDays(40))),
                grant("rb-0000000000000113", NOW.plus(Duration.ofHours(24))));
        try (LogCapture log = new LogCapture()) {
            try (CallRecords records = open()) {
                // each grant twice in one batch: the database refuses the batch naming the clashing token
                records.callbackTokens().writer().pause();
                grants.forEach(records.callbackTokens()::issue);
                grants.forEach(records.callbackTokens()::issue);
                records.callbackTokens().writer().resume();
                assertThat(records.callbackTokens().flush(FLUSH)).isTrue();
            }
            try (CallRecords again = open()) {
                assertThat(again.callbackTokens().find(grants.get(1).token(), NOW)).contains(grants.get(1));
            }
            assertThat(log.lines()).anyMatch(line -> line.contains("callback grants: 1 expired more than 30 days ago"
                    + " deleted"));
            assertNoPersonData(log, grants);
        }
    }

    private static void assertNoPersonData(LogCapture log, List<CallbackGrant> grants) {
        assertThat(log.lines()).noneMatch(line -> line.contains(PERSON_DIGITS));
        assertThat(log.lines()).noneMatch(line -> grants.stream().anyMatch(g -> line.contains(g.token())));
    }

    /** A grants store on a pool of its own (the schema made by opening the records once), to stop or starve. */
    Standalone standalone(int capacity) {
        open().close();
        ConnectionPool pool = ConnectionPool.open(database.settings());
        EntityManagerFactory factory = RecordsPersistenceUnit.createFactory(pool.dataSource(), database.settings().vendor());
        CallRecordWriter writer = new CallRecordWriter(pool.dataSource(), database.settings().vendor(),
                CallRecordsContract.CLOCK, capacity);
        return new Standalone(pool, factory, new PersistentCallbackTokens(factory, CallRecordsContract.CLOCK, writer));
    }

    record Standalone(ConnectionPool pool, EntityManagerFactory factory, PersistentCallbackTokens tokens)
            implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            try {
                tokens.writer().stop(FLUSH);
            } finally {
                factory.close();
                pool.close();
            }
        }
    }
}
