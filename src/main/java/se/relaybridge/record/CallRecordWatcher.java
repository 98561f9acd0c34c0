package se.relaybridge.record;

import se.relaybridge.call.AnswerJournal;
import se.relaybridge.call.CallSnapshot;
import se.relaybridge.call.CallState;
import se.relaybridge.call.CallWatcher;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.routing.RouteDecision;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Turns the B2BUA's call snapshots into call records. {@link CallRecords} only queues, so this never blocks a call.
 * A call is recorded as in progress when its first attempt towards the queue starts (a crash after that leaves a
 * row to be finalised as interrupted); an answered call is stored before the relay hears the answer
 * ({@link AnswerJournal}); a refused call is recorded once, when it ends.
 */
final class CallRecordWatcher implements CallWatcher, AnswerJournal {

    private final CallRecords records;

    CallRecordWatcher(CallRecords records) {
        this.records = records;
    }

    @Override
    public CompletionStage<Void> answered(CallSnapshot call) {
        return records.answered(facts(call));
    }

    @Override
    public Duration patience() {
        return records.answerPatience();
    }

    @Override
    public void changed(CallSnapshot call) {
        if (call.state() == CallState.PROCEEDING && call.targetsTried().size() == 1) {
            records.started(facts(call));
        }
    }

    @Override
    public void finished(CallSnapshot call) {
        records.finished(facts(call));
    }

    static CallFacts facts(CallSnapshot call) {
        RelaySession session = call.relaySession();
        RouteDecision route = call.route();
        return new CallFacts(call.callId(), session == null ? null : session.sessionId(), call.profileId(),
                call.service(), call.providerName(), session == null ? null : session.interpreterId(),
                route == null ? null : route.region(), route == null ? null : route.regionName(), call.queue(),
                route == null ? null : route.evidence(), route == null ? null : route.language(),
                route == null ? null : route.languageDecision(),
                session == null ? null : RelaySessionJson.toJson(session), call.targetsTried(), call.outcome(),
                call.hungUpBy(), call.offeredAt(), call.answeredAt(), call.endedAt());
    }
}
