package se.relaybridge.call;

/**
 * Which status the relay leg receives for a final failure of the queue leg. Most pass unchanged; the few
 * that only make sense on the queue's hop are turned into what they mean for the relay.
 */
final class FinalResponseMapper {

    private FinalResponseMapper() {
    }

    static int relayStatus(int queueStatus) {
        if (queueStatus >= 300 && queueStatus < 400) {
            // relaybridge does not follow redirects yet; passing one on would reveal the queue's topology
            return 480;
        }
        if (queueStatus == 401 || queueStatus == 407) {
            // the queue challenged relaybridge, not the relay: the relay cannot answer that challenge
            return 403;
        }
        if (queueStatus == 405) {
            // relaybridge does allow INVITE; a 405 must list what the UAS allows (RFC 3261 §21.4.6), which would be
            // false here: the queue target is misconfigured, a failure on relaybridge's side
            return 500;
        }
        if (queueStatus == 503) {
            // a 503 passed on would tell the relay that relaybridge itself is overloaded (RFC 3261 §16.7)
            return 500;
        }
        return queueStatus;
    }
}
