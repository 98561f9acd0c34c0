package se.relaybridge.call;

import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackToken;
import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.relay.CallbackSpec;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.sip.SipSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Gives a relay call its callback URI (DESIGN §8): {@code sip:cb-<token>@<relaybridge>}, valid for the profile's
 * {@code callback.validHours}, carried in {@code X-Relay-Callback} and the metadata JSON. Only a call whose relay
 * has a callback trunk and whose person's number is known can be called back.
 */
final class CallbackMinter {

    static final int DEFAULT_VALID_HOURS = 72;

    private final SipSettings settings;
    private final Clock clock;
    private final CallbackTokens tokens;

    CallbackMinter(SipSettings settings, Clock clock, CallbackTokens tokens) {
        this.settings = settings;
        this.clock = clock;
        this.tokens = tokens;
    }

    void mint(Call call) {
        RelayProfile profile = call.profile();
        RelaySession session = call.relaySession();
        if (profile == null || session == null || profile.callback() == null || session.personNumber() == null) {
            return;
        }
        CallbackSpec spec = profile.callback();
        String token = CallbackToken.newToken();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expires = now.plus(Duration.ofHours(spec.validHours() == null ? DEFAULT_VALID_HOURS : spec.validHours()));
        RelaySession withCallback = session.withCallback(uri(token), expires);
        call.relaySession(withCallback);
        tokens.issue(new CallbackGrant(token, call.id(), profile.id(), session.service(), session.personNumber(),
                RelaySessionJson.toJson(withCallback), now, expires));
    }

    private String uri(String token) {
        String transport = settings.hasTransport("udp") ? "udp" : settings.listeningPoints().get(0).transport();
        int port = settings.port(transport);
        return "sip:" + token + "@" + settings.publicHost() + (port == 5060 ? "" : ":" + port);
    }
}
