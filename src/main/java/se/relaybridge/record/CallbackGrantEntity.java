package se.relaybridge.record;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import se.relaybridge.callback.CallbackGrant;

import java.time.OffsetDateTime;

/**
 * A callback grant row. Nothing is cut to fit, unlike a call record: a grant with a shortened number or profile
 * would call the wrong person back, so a value too long fails the write and the grant stays in memory only.
 * Times in UTC as {@link OffsetDateTime}, for the reasons given on {@link CallRecordEntity}.
 */
@Entity
@Table(name = "callback_grant")
public class CallbackGrantEntity {

    @Id
    private String token;
    @Column(name = "call_id")
    private String callId;
    @Column(name = "profile_id")
    private String profileId;
    private String service;
    @Column(name = "person_number")
    private String personNumber;
    @Column(name = "relay_json")
    private String relayJson;
    @Column(name = "issued_at")
    private OffsetDateTime issuedAt;
    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    protected CallbackGrantEntity() {
        // JPA
    }

    CallbackGrantEntity(CallbackGrant grant) {
        token = grant.token();
        callId = grant.callId();
        profileId = grant.profileId();
        service = grant.service();
        personNumber = grant.personNumber();
        relayJson = grant.relayJson();
        issuedAt = CallRecordEntity.utc(grant.issuedAt());
        expiresAt = CallRecordEntity.utc(grant.expiresAt());
    }

    CallbackGrant grant() {
        return new CallbackGrant(token, callId, profileId, service, personNumber, relayJson, issuedAt.toInstant(),
                expiresAt.toInstant());
    }
}
