package se.relaybridge.call;

import java.util.List;

/**
 * How a call from a stranger (no relay trunk, {@code untrustedCalls: admit}) is presented to the nurse: nothing it
 * sends may look like a relay or an emergency (docs/trust-and-floods.md). Its From display name is replaced by a
 * fixed mark, so "Texttelefon via tolk …" can only come from relaybridge's own presentation of a trunk's call; it gets
 * no Priority or Subject of its own (RFC 3261 §20.26 and §20.36 are the caller's word, and a stranger's word about
 * urgency or relay is not to be trusted), and none of relaybridge's relay presentation (X-Relay-*, PAI,
 * User-to-User, Alert-Info, Call-Info, the relay JSON and RFC 7852 parts, Priority of an emergency queue).
 */
final class UntrustedCaller {

    /** What a nurse's phone shows for a stranger's call: "unknown, not through a relay service". */
    static final String DISPLAY_NAME = "Okänd, ej via tolktjänst";

    /** The only headers that cross from a stranger's INVITE as they are (RFC 7989 Session-ID, RFC 3261 §20.3). */
    static final List<String> PASSED_THROUGH = List.of("Session-ID", "Accept-Language");

    private UntrustedCaller() {
    }
}
