package se.relaybridge.call;

import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackTokens;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySessionJson;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A nurse calling {@code sip:cb-<token>@relaybridge}: the token is the permission (128 random bits), so the call
 * may come from anywhere; unknown or expired → 404. A valid one is connected through the original call's relay
 * profile's callback trunk, the URI template filled with the person's number and the service.
 */
final class CallbackAdmission {

    /** What to do with the nurse's INVITE. */
    sealed interface Verdict permits Dial, Refuse {
    }

    /** Call the relay's callback trunk at {@code target}. */
    record Dial(String target) implements Verdict {
    }

    /** 404, with {@code reason} in the call's outcome. */
    record Refuse(String reason) implements Verdict {
    }

    private final CallbackTokens tokens;
    private final Supplier<ProfileSet> profiles;
    private final Clock clock;

    CallbackAdmission(CallbackTokens tokens, Supplier<ProfileSet> profiles, Clock clock) {
        this.tokens = tokens;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** Prepares the call (grant, profile, metadata) and says where to dial, or why not. */
    Verdict prepare(Call call, String token) {
        Optional<CallbackGrant> grant = tokens.find(token, clock.instant());
        if (grant.isEmpty()) {
            return new Refuse("unknown-callback");
        }
        Optional<RelayProfile> profile = profiles.get().get(grant.get().profileId());
        if (profile.isEmpty() || profile.get().callback() == null) {
            return new Refuse("no-callback-trunk");
        }
        call.callback(grant.get());
        call.profile(profile.get());
        call.relaySession(RelaySessionJson.fromJson(grant.get().relayJson()));
        return new Dial(profile.get().callback().uriTemplate().replace("{number}", grant.get().personNumber())
                .replace("{service}", grant.get().service()));
    }
}
