package se.relaybridge.callback;

import java.time.Instant;

/**
 * What a callback URI ({@code sip:cb-<token>@relaybridge}) lets a nurse do: call the person of relay call
 * {@code callId} back through relay profile {@code profileId}'s callback trunk, until {@code expiresAt}.
 *
 * @param token        {@code cb-} and 26 base32 characters (128 random bits): the capability itself
 * @param personNumber the person's E.164 number, filled into the profile's callback URI template
 * @param relayJson    the original call's relay metadata JSON, shown to the nurse who calls back
 */
public record CallbackGrant(String token, String callId, String profileId, String service, String personNumber,
                            String relayJson, Instant issuedAt, Instant expiresAt) {

    public boolean validAt(Instant moment) {
        return moment.isBefore(expiresAt);
    }
}
