package se.relaybridge.call;

import se.relaybridge.relay.RelayProfile;
import se.relaybridge.relay.RelaySession;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The {@code User-to-User} value (RFC 7433) for agent desktops that read only UUI: the relay service,
 * provider, interpreter and call id as {@code key=value;…}, hex-encoded. The person's number is left out:
 * it is in P-Asserted-Identity, and UUI often ends up in places with less care for privacy.
 */
final class UserToUser {

    private UserToUser() {
    }

    static String of(String callId, RelayProfile profile, RelaySession session) {
        StringBuilder uui = new StringBuilder("service=").append(profile.service()).append(";provider=").append(profile.id());
        if (session != null && session.interpreterId() != null) {
            uui.append(";interpreter=").append(session.interpreterId());
        }
        uui.append(";call=").append(callId);
        return HexFormat.of().formatHex(uui.toString().getBytes(StandardCharsets.UTF_8))
                + ";encoding=hex;purpose=relaybridge;content=relay-metadata";
    }

    /** The text a desktop reads back out of the hex. */
    static String decode(String headerValue) {
        String hex = headerValue.split(";", 2)[0].trim();
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }
}
