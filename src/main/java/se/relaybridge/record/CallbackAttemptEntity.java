package se.relaybridge.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import se.relaybridge.callback.CallbackAttempt;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** One attempt of a scheduled callback; numbered from 1 within its callback. */
@Entity
@Table(name = "callback_attempt")
@IdClass(CallbackAttemptEntity.Key.class)
public class CallbackAttemptEntity {

    @Id
    @Column(name = "callback_id")
    private String callbackId;
    @Id
    @Column(name = "attempt_no")
    private int number;
    @Column(name = "attempted_at")
    private OffsetDateTime attemptedAt;
    private String outcome;
    @Column(name = "sip_status")
    private Integer sipStatus;
    @Column(name = "call_id")
    private String callId;

    protected CallbackAttemptEntity() {
        // JPA
    }

    CallbackAttemptEntity(String callbackId, CallbackAttempt attempt) {
        this.callbackId = callbackId;
        this.number = attempt.number();
        this.attemptedAt = CallRecordEntity.utc(attempt.at());
        this.outcome = attempt.outcome();
        this.sipStatus = attempt.sipStatus();
        this.callId = attempt.callId();
    }

    String callbackId() {
        return callbackId;
    }

    CallbackAttempt attempt() {
        return new CallbackAttempt(number, attemptedAt.toInstant(), outcome, sipStatus, callId);
    }

    /** The composite key (callback_id, attempt_no). */
    public static class Key implements Serializable {
        private String callbackId;
        private int number;

        public Key() {
            // JPA
        }

        public Key(String callbackId, int number) {
            this.callbackId = callbackId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.number == number && Objects.equals(k.callbackId, callbackId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(callbackId, number);
        }
    }
}
