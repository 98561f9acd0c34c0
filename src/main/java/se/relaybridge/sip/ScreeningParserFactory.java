package se.relaybridge.sip;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * Gives the RI relaybridge's {@link ScreeningParser} (stack property {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY},
 * set by {@link SipStackRunner}); the size limit comes from the stack property {@link #MAX_MESSAGE_BYTES}.
 */
public final class ScreeningParserFactory implements MessageParserFactory {

    public static final String MAX_MESSAGE_BYTES = "se.relaybridge.MAX_MESSAGE_BYTES";

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        int limit = MessageSizeLimit.DEFAULT_BYTES;
        if (stack instanceof SipStackImpl impl && impl.getConfigurationProperties() != null) {
            String configured = impl.getConfigurationProperties().getProperty(MAX_MESSAGE_BYTES);
            if (configured != null) {
                limit = Integer.parseInt(configured);
            }
        }
        return new ScreeningParser(limit);
    }
}
