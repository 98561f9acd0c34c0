package se.relaybridge.record;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Writing, restarting and crashing, run against H2 and against PostgreSQL by the subclasses. */
abstract class CallRecordsContract extends DatabaseContract {

    static final Duration FLUSH = Duration.ofSeconds(30);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T07:00:00Z"), ZoneOffset.UTC);


    @Test
    void recordsAreWrittenInTheBackgroundAndReadBackAfterFlush() {
        try (CallRecords records = open()) {
            records.started(Facts.started("rb-0000000000000001", Facts.T0));
            assertThat(records.flush(FLUSH)).isTrue();
            CallRecordView started = records.byCallId("rb-0000000000000001").orElseThrow();
            assertThat(started.state()).isEqualTo("in-progress");
            assertThat(started.outcome()).isNull();
            assertThat(started.offeredAt()).isEqualTo(Facts.T0);

            CallFacts done = Facts.completed("rb-0000000000000001", Facts.T0);
            records.finished(done);
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.byCallId("rb-0000000000000001")).contains(viewOf(done, "ended"));
            assertThat(records.byCallId("rb-unknown")).isEmpty();
        }
    }

    /** A node that took the call up from its replica ends it without knowing its route: what was known stays. */
    @Test
    void anEndWrittenWithoutTheRouteKeepsTheRouteTheStartWrote() {
        try (CallRecords records = open()) {
            records.started(Facts.started("rb-0000000000000014", Facts.T0));
            records.flush(FLUSH);
            records.finished(new CallFacts("rb-0000000000000014", null, "texttelefoni", "text", null, null, null,
                    null, "vgr", null, null, null, null, List.of("sip:1177@127.0.0.1:5070"),
                    "completed:relay-hangup", "relay", Facts.T0, Facts.T0.plusSeconds(2), Facts.T0.plusSeconds(60)));
            records.flush(FLUSH);
            CallRecordView ended = records.byCallId("rb-0000000000000014").orElseThrow();
            assertThat(ended.state()).isEqualTo("ended");
            assertThat(ended.outcome()).isEqualTo("completed:relay-hangup");
            assertThat(ended.region()).isEqualTo("14");
            assertThat(ended.routeEvidence()).isEqualTo("kommunkod");
            assertThat(ended.interpreterId()).isEqualTo("tolk-42");
        }
    }

    @Test
    void aRefusedCallArrivesOnlyAsFinished() {
        try (CallRecords records = open()) {
            records.finished(Facts.refused("rb-0000000000000002", Facts.T0));
            records.flush(FLUSH);
            CallRecordView refused = records.byCallId("rb-0000000000000002").orElseThrow();
            assertThat(refused.state()).isEqualTo("ended");
            assertThat(refused.outcome()).isEqualTo("refused:403:not-a-relay-trunk");
            assertThat(refused.hungUpBy()).isEqualTo("relaybridge");
            assertThat(refused.targetsTried()).isEmpty();
        }
    }

    @Test
    void recordsSurviveARestart() {
        try (CallRecords records = open()) {
            records.finished(Facts.completed("rb-0000000000000003", Facts.T0));
        }
        try (CallRecords again = open()) {
            assertThat(again.interruptedAtStart()).isZero();
            assertThat(again.byCallId("rb-0000000000000003")).contains(viewOf(Facts.completed("rb-0000000000000003", Facts.T0), "ended"));
        }
    }

    @Test
    void aCallInProgressAtACrashIsInterruptedOnTheNextStart() {
        CallRecords crashing = open();
        crashing.started(Facts.started("rb-0000000000000004", Facts.T0));
        crashing.finished(Facts.completed("rb-0000000000000005", Facts.T0));
        crashing.flush(FLUSH);
        crashing.closeAbruptly();

        try (CallRecords records = open()) {
            assertThat(records.interruptedAtStart()).isEqualTo(1);
            CallRecordView interrupted = records.byCallId("rb-0000000000000004").orElseThrow();
            assertThat(interrupted.state()).isEqualTo("interrupted");
            assertThat(interrupted.outcome()).isEqualTo("interrupted:restart");
            assertThat(interrupted.endedAt()).isEqualTo(CLOCK.instant());
            assertThat(interrupted.relayJson()).isEqualTo(Facts.started("x", Facts.T0).relayJson());
            assertThat(records.byCallId("rb-0000000000000005").orElseThrow().state()).isEqualTo("ended");
        }
        try (CallRecords again = open()) {
            assertThat(again.interruptedAtStart()).isZero();
        }
    }

    @Test
    void writesOfOneCallApplyInOrder() {
        try (CallRecords records = open()) {
            for (int i = 0; i < 300; i++) {
                String id = "rb-order-" + i;
                records.started(Facts.started(id, Facts.T0.plusMillis(i)));
                records.finished(Facts.completed(id, Facts.T0.plusMillis(i)));
            }
            // a "started" that comes late must not reopen an ended call
            records.started(Facts.started("rb-order-7", Facts.T0));
            assertThat(records.flush(FLUSH)).isTrue();
            Page<CallRecordView> page = records.search(new CallRecordQuery(null, null, null, null, null, "ended", 0, 1));
            assertThat(page.total()).isEqualTo(300);
            assertThat(records.search(new CallRecordQuery(null, null, null, null, null, "in-progress", 0, 1)).total()).isZero();
            assertThat(records.byCallId("rb-order-7").orElseThrow().outcome()).isEqualTo("completed:relay-hangup");
        }
    }

    /**
     * The same rule across batches, where the database decides it (the writer never reads the row first): a
     * late "in progress" leaves an ended record as it is, and a second answer of a call still in progress is taken.
     */
    @Test
    void aLateInProgressInALaterBatchNeverReopensAnEndedRecord() {
        try (CallRecords records = open()) {
            String id = "rb-0000000000000010";
            records.started(Facts.started(id, Facts.T0));
            assertThat(records.flush(FLUSH)).isTrue();
            CallFacts answered = answered(id);
            records.answered(answered);
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.byCallId(id)).contains(viewOf(answered, "in-progress"));

            CallFacts done = Facts.completed(id, Facts.T0);
            records.finished(done);
            assertThat(records.flush(FLUSH)).isTrue();
            records.started(Facts.started(id, Facts.T0));
            records.answered(answered);
            assertThat(records.flush(FLUSH)).isTrue();

            assertThat(records.byCallId(id)).contains(viewOf(done, "ended"));
        }
    }

    /** All of a call's writes in one batch: the last that applies stands, in whatever order they were made. */
    @Test
    void aCallsWritesInOneBatchLeaveItsLastStateThatApplies() {
        try (CallRecords records = open()) {
            records.writer().pause();
            CallFacts done = Facts.completed("rb-batch-1", Facts.T0);
            records.started(Facts.started("rb-batch-1", Facts.T0));
            records.answered(answered("rb-batch-1"));
            records.finished(done);
            records.started(Facts.started("rb-batch-1", Facts.T0));
            CallFacts stillUp = answered("rb-batch-2");
            records.started(Facts.started("rb-batch-2", Facts.T0));
            records.answered(stillUp);
            records.writer().resume();
            assertThat(records.flush(FLUSH)).isTrue();

            assertThat(records.byCallId("rb-batch-1")).contains(viewOf(done, "ended"));
            assertThat(records.byCallId("rb-batch-2")).contains(viewOf(stillUp, "in-progress"));
        }
    }

    /**
     * Group commit under a backlog: an answered call's stage waits for the batch that holds it, and once it has
     * completed its row can be read back by anyone, answer time included.
     */
    @Test
    void anAnsweredCallsStageCompletesOnlyOnceItsRowIsCommitted() throws Exception {
        try (CallRecords records = open()) {
            records.writer().pause();
            for (int i = 0; i < 900; i++) {
                records.started(Facts.started("rb-backlog-" + i, Facts.T0.plusMillis(i)));
            }
            CallFacts answered = answered("rb-answered-1");
            CompletableFuture<Void> stored = records.answered(answered).toCompletableFuture();
            assertThat(stored).as("the writer is held").isNotDone();

            records.writer().resume();
            stored.get(30, TimeUnit.SECONDS);

            assertThat(records.byCallId("rb-answered-1")).contains(viewOf(answered, "in-progress"));
            assertThat(records.byCallId("rb-backlog-899")).isPresent();
        }
    }

    /**
     * A record the database refuses (a call id longer than its key column) fails alone: the others of its batch
     * are written, it is counted and logged, and an answer waiting for it is told it failed.
     */
    @Test
    void oneBadRecordFailsAloneAndTheRestOfItsBatchIsWritten() {
        String badId = "rb-" + "0123456789".repeat(7);
        try (LogCapture log = new LogCapture(); CallRecords records = open()) {
            records.writer().pause();
            List<CompletableFuture<Void>> good = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                records.started(Facts.started("rb-good-" + i, Facts.T0));
                if (i == 5) {
                    records.started(Facts.started(badId, Facts.T0));
                }
            }
            CompletableFuture<Void> bad = records.answered(answered(badId)).toCompletableFuture();
            for (int i = 0; i < 10; i++) {
                good.add(records.answered(answered("rb-good-" + i)).toCompletableFuture());
            }
            records.writer().resume();
            assertThat(records.flush(FLUSH)).isTrue();

            assertThat(records.search(CallRecordQuery.all(0, 50)).total()).isEqualTo(10);
            assertThat(records.byCallId("rb-good-9")).contains(viewOf(answered("rb-good-9"), "in-progress"));
            assertThat(records.failed()).as("the bad call's two writes").isEqualTo(2);
            assertThat(good).allMatch(stage -> stage.isDone() && !stage.isCompletedExceptionally());
            assertThat(bad).isCompletedExceptionally();
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("call records: cannot write " + badId + " (in-progress)"));
            records.finished(Facts.completed("rb-good-0", Facts.T0));
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.byCallId("rb-good-0").orElseThrow().state()).isEqualTo("ended");
        }
    }

    /**
     * A row marked interrupted at a start is written by the same upsert as any other: a late "in progress" leaves it
     * interrupted, the call's final state replaces it (as the writer always did); a call whose first record never
     * arrived is inserted by its last.
     */
    @Test
    void anInterruptedRecordIsUpsertedByTheCallsFinalStateAndNeverReopened() {
        CallRecords crashing = open();
        crashing.started(Facts.started("rb-interrupted-1", Facts.T0));
        assertThat(crashing.flush(FLUSH)).isTrue();
        crashing.closeAbruptly();

        try (CallRecords records = open()) {
            assertThat(records.interruptedAtStart()).isEqualTo(1);
            records.started(Facts.started("rb-interrupted-1", Facts.T0));
            records.answered(answered("rb-interrupted-1"));
            assertThat(records.flush(FLUSH)).isTrue();
            CallRecordView interrupted = records.byCallId("rb-interrupted-1").orElseThrow();
            assertThat(interrupted.state()).isEqualTo("interrupted");
            assertThat(interrupted.outcome()).isEqualTo(CallRecords.INTERRUPTED_OUTCOME);

            CallFacts done = Facts.completed("rb-interrupted-1", Facts.T0);
            records.finished(done);
            CallFacts neverStarted = answered("rb-never-started");
            records.answered(neverStarted);
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.byCallId("rb-interrupted-1")).contains(viewOf(done, "ended"));
            assertThat(records.byCallId("rb-never-started")).contains(viewOf(neverStarted, "in-progress"));
        }
    }

    /**
     * Issue 13: the writer sends only its upsert and the heartbeat, never a SELECT, and one row per call and batch
     * however many writes the call made.
     */
    @Test
    void theWriterNeverReadsBeforeItWritesAndSendsOneRowPerCallAndBatch() throws Exception {
        try (CallRecords migrated = open()) {
            assertThat(migrated.interruptedAtStart()).isZero();
        }
        try (ConnectionPool pool = ConnectionPool.open(database.settings())) {
            StatementLog log = new StatementLog(pool.dataSource());
            CallRecordWriter writer = new CallRecordWriter(log.dataSource(), database.settings().vendor(), CLOCK, 100);
            writer.pause();
            writer.submit(Facts.started("rb-rows-1", Facts.T0), RecordState.IN_PROGRESS);
            writer.submitDurably(answered("rb-rows-1"), RecordState.IN_PROGRESS);
            writer.submit(Facts.completed("rb-rows-1", Facts.T0), RecordState.ENDED);
            writer.submit(Facts.refused("rb-rows-2", Facts.T0), RecordState.ENDED);
            writer.resume();
            assertThat(writer.flush(FLUSH)).isTrue();
            writer.submit(Facts.started("rb-rows-3", Facts.T0), RecordState.IN_PROGRESS);
            writer.stop(FLUSH);

            assertThat(log.statements()).isNotEmpty()
                    .noneMatch(sql -> sql.trim().toUpperCase(Locale.ROOT).startsWith("SELECT"))
                    .allMatch(sql -> sql.equals(CallRecordUpsert.sql(database.settings().vendor()))
                            || sql.contains("records_heartbeat"));
            assertThat(log.batchRows()).as("rows: one per call and batch").isEqualTo(3);
            assertThat(log.batches()).isEqualTo(2);
        }
    }

    /**
     * Issue 13 (docs/records-writer.md, "What a commit costs"): the session index is gone (V6), the indexes the
     * searches use are there, and a search by each of their columns still finds its record.
     */
    @Test
    void theRecordsKeepTheIndexesOfTheSearchesAndNoSessionIndex() throws Exception {
        try (CallRecords records = open()) {
            records.finished(Facts.ended("rb-index-1", "texttelefoni", "14", "completed:relay-hangup", Facts.T0));
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.search(new CallRecordQuery(Facts.T0.minusSeconds(1), Facts.T0.plusSeconds(1),
                    "texttelefoni", "14", "completed", "ended", 0, 10)).items())
                    .extracting(CallRecordView::callId).containsExactly("rb-index-1");
        }
        java.util.Set<String> indexes = new java.util.TreeSet<>();
        try (ConnectionPool pool = ConnectionPool.open(database.settings());
             java.sql.Connection c = pool.dataSource().getConnection()) {
            String table = database.settings().vendor() == DatabaseVendor.H2 ? "CALL_RECORDS" : "call_records";
            try (java.sql.ResultSet rows = c.getMetaData().getIndexInfo(null, c.getSchema(), table, false, false)) {
                while (rows.next()) {
                    if (rows.getString("INDEX_NAME") != null) {
                        indexes.add(rows.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        assertThat(indexes).contains("call_records_offered", "call_records_profile", "call_records_region",
                "call_records_state", "call_records_outcome").doesNotContain("call_records_session");
    }

    @Test
    void aDatabaseThatDoesNotAnswerFailsTheBatchWithOneLineNotOnePerRecord() throws Exception {
        try (LogCapture log = new LogCapture()) {
            javax.sql.DataSource gone = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                        throw new SQLException("Connection refused");
                    });
            CallRecordWriter writer = new CallRecordWriter(gone, database.settings().vendor(), CLOCK, 100);
            writer.pause();
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                stages.add(writer.submitDurably(answered("rb-gone-" + i), RecordState.IN_PROGRESS).toCompletableFuture());
            }
            writer.resume();
            assertThat(writer.flush(FLUSH)).isTrue();
            writer.stop(FLUSH);

            assertThat(writer.failed()).isEqualTo(20);
            assertThat(stages).allMatch(CompletableFuture::isCompletedExceptionally);
            assertThat(log.lines().stream().filter(line -> line.contains("call records:") && line.contains("WARNING")))
                    .anyMatch(line -> line.contains("20 records not written, the database does not answer"))
                    .noneMatch(line -> line.contains("cannot write"));
        }
    }

    /**
     * A stop amid calls still ending on several threads (relaybridge's stop, or a SIGTERM): every write accepted
     * before the stop is in the database afterwards, also one that was on its way into the queue as the stop came;
     * every write after it is refused, counted and logged, and an answer offered then is told at once.
     */
    @Test
    void aWriterStoppedWhileWritesArriveWritesEveryAcceptedOneAndRefusesTheRestLoudly() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        CompletableFuture<Void> lateAnswer;
        try (LogCapture log = new LogCapture()) {
            CallRecords records = CallRecords.open(database.settings(), CLOCK, 100_000);
            ExecutorService calls = Executors.newFixedThreadPool(4);
            List<Future<?>> ending = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String thread = "rb-stop-" + t + "-";
                ending.add(calls.submit(() -> {
                    int after = 0;
                    for (int i = 0; after < 200; i++) {
                        if (closed.get()) {
                            after++;
                        }
                        String id = thread + i;
                        if (records.writer().submit(Facts.completed(id, Facts.T0), RecordState.ENDED)) {
                            accepted.add(id);
                        } else {
                            refused.incrementAndGet();
                        }
                        if (i % 10 == 0) {
                            Thread.sleep(1);
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 2000);
            records.writer().stop(FLUSH);
            closed.set(true);
            for (Future<?> f : ending) {
                f.get(30, TimeUnit.SECONDS);
            }
            calls.shutdown();
            lateAnswer = records.answered(answered("rb-stop-late")).toCompletableFuture();
            records.close();

            assertThat(refused.get()).as("the writes after the stop").isGreaterThanOrEqualTo(800);
            assertThat(records.dropped()).as("every write not accepted, none dropped on a full queue")
                    .isEqualTo(refused.get() + 1);
            assertThat(lateAnswer).isCompletedExceptionally();
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("call records: the writer has stopped, 1 records refused so far"));
        }
        try (CallRecords again = open()) {
            assertThat(again.interruptedAtStart()).isZero();
            Set<String> written = new HashSet<>();
            for (int page = 0; ; page++) {
                List<CallRecordView> items = again.search(CallRecordQuery.all(page, CallRecordQuery.MAX_SIZE)).items();
                items.forEach(r -> written.add(r.callId()));
                if (items.size() < CallRecordQuery.MAX_SIZE) {
                    break;
                }
            }
            assertThat(written).as("every write accepted before the stop, and nothing else").hasSameSizeAs(accepted)
                    .containsAll(accepted);
        }
    }

    /**
     * Connections the database closed while they waited in the pool (H2's shutdown hook did it to every one; a
     * PostgreSQL restart or an administrator does it too) cost the writer a retry, not a record: the batch is
     * written on the next connection that works, and no write fails.
     */
    @Test
    void pooledConnectionsTheDatabaseClosedCostARetryNotARecord() throws Exception {
        try (CallRecords migrated = open()) {
            assertThat(migrated.interruptedAtStart()).isZero();
        }
        try (ConnectionPool pool = ConnectionPool.open(database.settings())) {
            List<java.sql.Connection> held = new ArrayList<>();
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                java.sql.Connection c = pool.dataSource().getConnection();
                held.add(c);
                sessions.add(scalar(c, postgres() ? "SELECT pg_backend_pid()" : "SELECT SESSION_ID()"));
            }
            for (java.sql.Connection c : held) {
                c.close();
            }
            // three idle connections in the pool, each closed by the database from another connection
            try (java.sql.Connection admin = java.sql.DriverManager.getConnection(database.settings().url(),
                    database.settings().user(), database.settings().password())) {
                String close = postgres() ? "SELECT pg_terminate_backend(" : "SELECT ABORT_SESSION(";
                for (String session : sessions) {
                    scalar(admin, close + session + ")");
                }
            }
            CallRecordWriter writer = new CallRecordWriter(pool.dataSource(), database.settings().vendor(), CLOCK, 100);
            List<CompletableFuture<Void>> stages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                stages.add(writer.submitDurably(answered("rb-reconnect-" + i), RecordState.IN_PROGRESS)
                        .toCompletableFuture());
            }
            assertThat(writer.flush(FLUSH)).isTrue();
            writer.stop(FLUSH);
            assertThat(writer.failed()).isZero();
            assertThat(stages).allMatch(stage -> stage.isDone() && !stage.isCompletedExceptionally());
        }
        try (CallRecords records = open()) {
            assertThat(records.search(CallRecordQuery.all(0, 50)).total()).isEqualTo(10);
        }
    }

    private boolean postgres() {
        return database.settings().vendor() == DatabaseVendor.POSTGRESQL;
    }

    private static String scalar(java.sql.Connection c, String sql) throws SQLException {
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static CallFacts answered(String callId) {
        CallFacts s = Facts.started(callId, Facts.T0);
        return new CallFacts(callId, s.sessionId(), s.profileId(), s.service(), s.providerName(), s.interpreterId(),
                s.region(), s.regionName(), s.queue(), s.routeEvidence(), s.language(), s.languageDecision(),
                s.relayJson(), s.targetsTried(), null, null, Facts.T0, Facts.T0.plusMillis(2200), null);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        try (LogCapture log = new LogCapture(); CallRecords records = CallRecords.open(database.settings(), CLOCK, 10)) {
            records.writer().pause();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                for (int i = 0; i < 50; i++) {
                    records.finished(Facts.refused("rb-full-" + i, Facts.T0));
                }
            });
            // the writer may have taken one record off the queue before it paused
            assertThat(records.dropped()).isBetween(39L, 40L);
            records.writer().resume();
            assertThat(records.flush(FLUSH)).isTrue();
            assertThat(records.search(CallRecordQuery.all(0, 1)).total()).isEqualTo(50 - records.dropped());
            assertThat(log.lines()).anyMatch(line -> line.contains("WARNING")
                    && line.contains("write queue is full, 1 records dropped so far"));
        }
    }

    @Test
    void thePasswordIsNeverShownNorLogged() {
        try (LogCapture log = new LogCapture()) {
            try (CallRecords records = open()) {
                records.finished(Facts.completed("rb-0000000000000006", Facts.T0));
                records.flush(FLUSH);
                assertThat(records.reachable()).isTrue();
                assertThat(records.description()).doesNotContain(database.password())
                        .startsWith(database.settings().url().substring(0, 10));
                records.auditLog().record("ops", "routing", "reload", null, "{}");
            }
            assertThat(log.lines()).isNotEmpty().noneMatch(line -> line.contains(database.password()));
        }
        assertThat(database.settings().toString()).doesNotContain(database.password());
    }

    static CallRecordView viewOf(CallFacts f, String state) {
        return new CallRecordView(f.callId(), f.sessionId(), f.profileId(), f.service(), f.providerName(),
                f.interpreterId(), f.region(), f.regionName(), f.queue(), f.routeEvidence(), f.language(),
                f.languageDecision(), f.relayJson(), f.targetsTried(), f.outcome(), f.hungUpBy(), f.offeredAt(),
                f.answeredAt(), f.endedAt(), state);
    }
}
