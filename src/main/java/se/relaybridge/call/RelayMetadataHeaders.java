package se.relaybridge.call;

import se.relaybridge.relay.RelayHeaders;
import se.relaybridge.relay.RelaySession;

import gov.nist.javax.sip.header.ExtensionHeaderImpl;

import javax.sip.header.Header;
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
    static void add(Message message, RelaySession session, String callId) throws ParseException {
        message.addHeader(extension(RelayHeaders.SERVICE, session.service()));
        message.addHeader(extension(RelayHeaders.PROVIDER, session.provider().id()));
        if (session.interpreterId() != null) {
            message.addHeader(extension(RelayHeaders.INTERPRETER, session.interpreterId()));
        }
        if (!session.languages().isEmpty()) {
            message.addHeader(extension(RelayHeaders.LANGUAGES, String.join(",", session.languages())));
        }
        message.addHeader(extension(RelayHeaders.CALL_ID, callId));
    }

    /**
     * An extension header made directly rather than parsed from text (the RI's header factory runs a new parser for
     * each header, on every call). The values are the extracted metadata's, each already checked; a control
     * character, which would end the header early (RFC 3261 §25.1 TEXT-UTF8), is refused as the parser would.
     */
    static Header extension(String name, String value) throws ParseException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new ParseException(name + " value has a control character", i);
            }
        }
        ExtensionHeaderImpl header = new ExtensionHeaderImpl(name);
        header.setValue(value.strip());
        return header;
    }
}
