package se.relaybridge.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;

import java.time.OffsetDateTime;
import java.util.List;

/** A scheduled callback row; its attempts are rows of their own ({@link CallbackAttemptEntity}). */
@Entity
@Table(name = "scheduled_callback")
public class ScheduledCallbackEntity {

    @Id
    private String id;
    @Column(name = "call_id")
    private String callId;
    @Column(name = "grant_token")
    private String grantToken;
    @Column(name = "profile_id")
    private String profileId;
    @Column(name = "nurse_uri")
    private String nurseUri;
    @Column(name = "due_at")
    private OffsetDateTime dueAt;
    private String state;
    private int attempts;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    // written only by the claim's UPDATE: the node dialling it (docs/cluster.md, "Scheduled callbacks")
    @Column(name = "dialled_by")
    private String dialledBy;

    protected ScheduledCallbackEntity() {
        // JPA
    }

    ScheduledCallbackEntity(ScheduledCallback callback) {
        id = callback.id();
        callId = callback.callId();
        grantToken = callback.token();
        profileId = callback.profileId();
        nurseUri = callback.nurseUri();
        createdBy = callback.createdBy();
        createdAt = CallRecordEntity.utc(callback.createdAt());
        change(callback);
    }

    void change(ScheduledCallback callback) {
        dueAt = CallRecordEntity.utc(callback.dueAt());
        state = callback.state().wireName();
        attempts = callback.attempts().size();
    }

    String id() {
        return id;
    }

    int attempts() {
        return attempts;
    }

    ScheduledCallback view(List<CallbackAttempt> history) {
        return new ScheduledCallback(id, callId, grantToken, profileId, nurseUri, dueAt.toInstant(),
                ScheduledCallbackState.fromWireName(state).orElse(ScheduledCallbackState.FAILED), createdBy,
                createdAt.toInstant(), history);
    }
}
