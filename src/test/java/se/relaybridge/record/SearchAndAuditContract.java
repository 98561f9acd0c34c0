package se.relaybridge.record;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.relaybridge.record.Facts.T0;

/** The admin search over call records, and the audit log, against H2 and PostgreSQL (see the subclasses). */
abstract class SearchAndAuditContract extends DatabaseContract {

    CallRecords records;

    @BeforeEach
    void fill() {
        records = open();
        records.finished(Facts.ended("rb-a", "texttelefoni", "01", "completed:relay-hangup", T0));
        records.finished(Facts.ended("rb-b", "texttelefoni", "14", "completed:queue-hangup", T0.plusSeconds(60)));
        records.finished(Facts.ended("rb-c", "bildtelefoni", "14", "failed:no-queue-target", T0.plusSeconds(120)));
        records.finished(Facts.ended("rb-d", "bildtelefoni", "12", "completed:relay-hangup", T0.plusSeconds(180)));
        records.finished(Facts.ended("rb-e", "teletal", "01", "refused:503:trunk-full", T0.plusSeconds(240)));
        records.finished(Facts.refused("rb-f", T0.plusSeconds(300)));
        records.finished(Facts.ended("rb-g", "teletal", "01", "failed_x", T0.plusSeconds(360)));
        records.started(Facts.started("rb-h", T0.plusSeconds(420)));
        records.flush(CallRecordsContract.FLUSH);
    }

    @AfterEach
    void drop() {
        records.close();
    }

    private List<String> ids(CallRecordQuery q) {
        return records.search(q).items().stream().map(CallRecordView::callId).toList();
    }

    private static CallRecordQuery q(Instant from, Instant to, String profile, String region, String outcome, String state) {
        return new CallRecordQuery(from, to, profile, region, outcome, state, 0, 200);
    }

    @Test
    void everythingNewestFirstInPagesWithTheTotal() {
        Page<CallRecordView> first = records.search(CallRecordQuery.all(0, 3));
        assertThat(first.items()).extracting(CallRecordView::callId).containsExactly("rb-h", "rb-g", "rb-f");
        assertThat(first.total()).isEqualTo(8);
        assertThat(first.page()).isZero();
        assertThat(first.size()).isEqualTo(3);
        assertThat(ids(CallRecordQuery.all(2, 3))).containsExactly("rb-b", "rb-a");
        assertThat(records.search(CallRecordQuery.all(5, 3)).items()).isEmpty();
        assertThat(records.search(CallRecordQuery.all(5, 3)).total()).isEqualTo(8);
    }

    @Test
    void byOfferTimeFromInclusiveToExclusive() {
        assertThat(ids(q(T0.plusSeconds(60), T0.plusSeconds(180), null, null, null, null))).containsExactly("rb-c", "rb-b");
        assertThat(ids(q(T0.plusSeconds(361), null, null, null, null, null))).containsExactly("rb-h");
        assertThat(ids(q(null, T0.plusSeconds(1), null, null, null, null))).containsExactly("rb-a");
    }

    @Test
    void byProfileRegionStateAndTogether() {
        assertThat(ids(q(null, null, "bildtelefoni", null, null, null))).containsExactly("rb-d", "rb-c");
        assertThat(ids(q(null, null, null, "01", null, null))).containsExactly("rb-g", "rb-e", "rb-a");
        assertThat(ids(q(null, null, null, null, null, "in-progress"))).containsExactly("rb-h");
        assertThat(ids(q(null, null, "texttelefoni", "14", null, "ended"))).containsExactly("rb-b");
        Page<CallRecordView> paged = records.search(new CallRecordQuery(null, null, null, "01", null, null, 1, 2));
        assertThat(paged.items()).extracting(CallRecordView::callId).containsExactly("rb-a");
        assertThat(paged.total()).isEqualTo(3);
    }

    @Test
    void byOutcomePrefixWithWildcardsTakenLiterally() {
        assertThat(ids(q(null, null, null, null, "refused", null))).containsExactly("rb-f", "rb-e");
        assertThat(ids(q(null, null, null, null, "completed:relay-hangup", null))).containsExactly("rb-d", "rb-a");
        assertThat(ids(q(null, null, null, null, "completed", null))).containsExactly("rb-d", "rb-b", "rb-a");
        // '_' and '%' are characters of the outcome, not LIKE wildcards
        assertThat(ids(q(null, null, null, null, "failed_", null))).containsExactly("rb-g");
        assertThat(ids(q(null, null, null, null, "%", null))).isEmpty();
    }

    @Test
    void aBadQueryIsRefusedWithItsField() {
        assertThatThrownBy(() -> CallRecordQuery.all(0, 201)).hasMessage("size: must be 1-200, not 201");
        assertThatThrownBy(() -> CallRecordQuery.all(-1, 10)).hasMessage("page: must be 0 or more, not -1");
        assertThatThrownBy(() -> q(null, null, null, null, null, "done"))
                .hasMessage("state: 'done' is not one of in-progress, ended, interrupted");
        assertThatThrownBy(() -> q(T0, T0.minusSeconds(1), null, null, null, null)).hasMessage("to: must not be before from");
    }

    @Test
    void auditEntriesRoundTripNewestFirstAndSurviveARestart() {
        AuditLog audit = records.auditLog();
        audit.record("ops", "profile:texttelefoni", "replace", "{\"id\":\"texttelefoni\",\"queuePriority\":1}",
                "{\"id\":\"texttelefoni\",\"queuePriority\":2}");
        audit.record("anna", "routing", "reload", null, "{\"changed\":true}");
        audit.record("ops", "profile:teletal", "delete", "{\"id\":\"teletal\"}", null);
        records.close();
        records = open();

        List<AuditEntry> profiles = records.auditLog().recent("profile:", 10);
        assertThat(profiles).extracting(AuditEntry::subject).containsExactly("profile:teletal", "profile:texttelefoni");
        AuditEntry replaced = profiles.get(1);
        assertThat(replaced.who()).isEqualTo("ops");
        assertThat(replaced.action()).isEqualTo("replace");
        assertThat(replaced.before()).isEqualTo("{\"id\":\"texttelefoni\",\"queuePriority\":1}");
        assertThat(replaced.after()).isEqualTo("{\"id\":\"texttelefoni\",\"queuePriority\":2}");
        assertThat(replaced.at()).isEqualTo(CallRecordsContract.CLOCK.instant());
        assertThat(profiles.get(0).after()).isNull();
        assertThat(profiles.get(0).id()).isGreaterThan(replaced.id());

        assertThat(records.auditLog().recent(null, 2)).extracting(AuditEntry::action).containsExactly("delete", "reload");
        assertThat(records.auditLog().recent("queues", 10)).isEmpty();
        assertThatThrownBy(() -> records.auditLog().record(" ", "routing", "reload", null, null))
                .hasMessage("who: an audit entry needs it");
    }
}
