package se.relaybridge.call;

import se.relaybridge.relay.RelayHeaders;
import se.relaybridge.relay.RelaySession;

import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import java.text.ParseException;

/**
 * The X-Relay-* headers of DESIGN §6 from a call's relay metadata: on the INVITE towards the nurse queue, and on
 * the responses a nurse gets when calling a person back through the relay.
 */
final class RelayMetadataHeaders {

    private RelayMetadataHeaders() {
    }

    /** {@code callId} is the relay call the metadata belongs to (for a callback: the original call). */
    static void add(HeaderFactory headers, Message message, RelaySession session, String callId) throws ParseException {
        message.addHeader(headers.createHeader(RelayHeaders.SERVICE, session.service()));
        message.addHeader(headers.createHeader(RelayHeaders.PROVIDER, session.provider().id()));
        if (session.interpreterId() != null) {
            message.addHeader(headers.createHeader(RelayHeaders.INTERPRETER, session.interpreterId()));
        }
        if (!session.languages().isEmpty()) {
            message.addHeader(headers.createHeader(RelayHeaders.LANGUAGES, String.join(",", session.languages())));
        }
        message.addHeader(headers.createHeader(RelayHeaders.CALL_ID, callId));
    }
}
