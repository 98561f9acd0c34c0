package se.relaybridge.call;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;

import javax.sip.message.Request;
import java.text.ParseException;

/**
 * A request relaybridge kept as bytes ({@link Leg#invite()}), parsed again. The bytes are the stack's own encoding
 * of a request it parsed or built, so they parse: a failure is a bug, not bad input.
 */
final class ParsedAgain {

    private ParsedAgain() {
    }

    static Request request(byte[] bytes) {
        try {
            SIPMessage message = new StringMsgParser().parseSIPMessage(bytes, true, false, null);
            if (message instanceof Request request) {
                return request;
            }
            throw new IllegalStateException("kept bytes are not a request");
        } catch (ParseException e) {
            throw new IllegalStateException("a kept request does not parse again", e);
        }
    }
}
