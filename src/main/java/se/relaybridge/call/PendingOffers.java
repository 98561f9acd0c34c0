package se.relaybridge.call;

import javax.sip.message.Response;

/**
 * Whether a new offer from a leg's peer, in an UPDATE or a re-INVITE, may start now, one hop at a time (RFC 3311
 * §5.2, RFC 3261 §14.2). relaybridge is the peer's user agent on that hop: an offer the peer made that relaybridge
 * has not answered yet (its INVITE's, a pending re-INVITE's or UPDATE's) makes the new one {@code 500} with a
 * {@code Retry-After} of 0–10 s; an offer of relaybridge's own that the peer has not answered yet (a re-INVITE or
 * UPDATE bridged from the other leg, a session refresh with SDP, the offer in a reliable 18x) makes it {@code 491}, as
 * two offers crossing. A new offer that passes is bridged, so the other leg never gets a second offer while one is
 * pending on its hop either (RFC 3311 §5.1): each pending offer on one hop is one pending on the other.
 */
final class PendingOffers {

    private PendingOffers() {
    }

    /** The status a new offer from {@code from}'s peer gets now, or 0 when it may go on. */
    static int refusalOf(Leg from) {
        if (peerOfferUnanswered(from)) {
            return Response.SERVER_INTERNAL_ERROR;
        }
        if (ownOfferUnanswered(from)) {
            return Response.REQUEST_PENDING;
        }
        return 0;
    }

    private static boolean peerOfferUnanswered(Leg from) {
        if (from.midDialogInviteIn() != null || from.updateOfferIn() != null) {
            return true;
        }
        // the relay's INVITE offered, and no reliable 18x has answered it yet (RFC 3311 §5.1: no UPDATE offer before)
        return from.role() == LegRole.RELAY && !from.finalResponseSent() && from.inviteServer() != null
                && QueueInviteBuilder.sdpOf(from.invite()) != null && !from.reliableSdpSent();
    }

    private static boolean ownOfferUnanswered(Leg from) {
        SessionTimer timer = from.sessionTimer();
        return from.midDialogInviteOut() || from.updateOfferOut() || from.earlyOfferOut()
                || (timer != null && timer.refreshInFlight() && SessionTimers.refreshOffers(from));
    }
}
