package se.relaybridge.record;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
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
