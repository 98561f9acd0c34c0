package se.relaybridge.sip;

/**
 * The answer to a request that relaybridge refuses before any call logic sees it: a status, a reason phrase of
 * one clean line (RFC 3261 §25.1 reason-phrase: no CR, no LF), and for 420 the option tags it does not support.
 */
public record Rejection(int status, String reason, String unsupported) {

    public Rejection {
        reason = clean(reason);
    }

    public static Rejection of(int status, String reason) {
        return new Rejection(status, reason, null);
    }

    /** Printable ASCII only, at most 100 characters: never a line break, never an object id from an exception. */
    static String clean(String reason) {
        String printable = reason == null ? "" : reason.replaceAll("[^\\x20-\\x7e]+", " ").replaceAll(" {2,}", " ").trim();
        return printable.length() > 100 ? printable.substring(0, 100) : printable;
    }
}
