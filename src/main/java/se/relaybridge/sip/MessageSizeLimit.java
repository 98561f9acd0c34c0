package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;

import java.util.Properties;

/**
 * The one size limit of a SIP message, for every transport: {@code gov.nist.javax.sip.MAX_MESSAGE_SIZE} in
 * stack.properties (65,536 bytes by default; UDP is also bounded by its datagram, 65,507 bytes of payload).
 * A request over the limit is answered {@code 513 Message Too Large} (RFC 3261 §21.5.14) by relaybridge's parser
 * over UDP and TCP alike. The RI itself is given four times the limit: below that it reads a message whole so that
 * an answer is possible; only a stream message beyond it (or with headers beyond twice
 * the limit) is cut off by closing the connection, the guard that
 * keeps a peer from filling memory (docs/sip-edge.md).
 */
public final class MessageSizeLimit {

    public static final String PROPERTY = "gov.nist.javax.sip.MAX_MESSAGE_SIZE";
    public static final String PARSER_FACTORY = "gov.nist.javax.sip.MESSAGE_PARSER_FACTORY";
    public static final int DEFAULT_BYTES = 65_536;
    static final int MIN_BYTES = 4_096;
    static final int MAX_BYTES = 1_048_576;
    /** How much more than the limit the RI reads before it gives up on a stream. */
    static final int HARD_CAP_FACTOR = 4;

    private MessageSizeLimit() {
    }

    /** The limit stack.properties sets, checked; the message names the file and the field. */
    public static int of(Properties stackProperties, String file) {
        String value = stackProperties.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_BYTES;
        }
        try {
            int bytes = Integer.parseInt(value.trim());
            if (bytes >= MIN_BYTES && bytes <= MAX_BYTES) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below with the range
        }
        throw new ConfigProblem(file, PROPERTY, "'" + value + "' is not a size in bytes " + MIN_BYTES + "-" + MAX_BYTES);
    }

    /** Stack properties with relaybridge's parser and the RI's own cap set from {@code limit}. */
    static void applyTo(Properties props, int limit) {
        props.setProperty(ScreeningParserFactory.MAX_MESSAGE_BYTES, Integer.toString(limit));
        props.setProperty(PROPERTY, Integer.toString(limit * HARD_CAP_FACTOR));
        props.setProperty(PARSER_FACTORY, ScreeningParserFactory.class.getName());
    }
}
