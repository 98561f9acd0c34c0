package se.relaybridge.call;

import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One transfer the nurse side asked for, while it runs: the nurse's leg that sent the REFER, where the call goes,
 * and the new leg once it is placed. Touched only on the call's executor.
 */
final class Transfer {

    private final Leg referer;
    private final long referCSeq;
    private TransferTarget target;
    private Leg targetLeg;
    private Response targetAnswer;
    private byte[] offered;
    private byte[] relayOffer;
    private byte[] relaySdpBefore;
    private int relayGlares;

    private final boolean back;
    private final Request refer;

    Transfer(Leg referer, Request refer, long referCSeq, TransferTarget target) {
        this(referer, refer, referCSeq, target, false);
    }

    private Transfer(Leg referer, Request refer, long referCSeq, TransferTarget target, boolean back) {
        this.referer = referer;
        this.refer = refer;
        this.referCSeq = referCSeq;
        this.target = target;
        this.back = back;
    }

    /** The call going back to its own queue after this transfer failed with no nurse left on it. */
    Transfer back(TransferTarget queue) {
        return new Transfer(referer, null, referCSeq, queue, true);
    }

    /** The nurse's REFER, whose Referred-By each attempt carries; null on the way back to the queue. */
    Request refer() {
        return refer;
    }

    /** Whether this is already the way back: if it fails too, nobody is left to take the call. */
    boolean isBack() {
        return back;
    }

    /** The nurse's leg: it gets the NOTIFYs, and it is released once the transfer succeeds. */
    Leg referer() {
        return referer;
    }

    /** The REFER's CSeq number, the {@code id} of the implicit subscription's Event header. */
    long referCSeq() {
        return referCSeq;
    }

    TransferTarget destination() {
        return target;
    }

    /** The queue's next target takes over from one that failed over; the new leg is placed next. */
    void destination(TransferTarget next) {
        this.target = next;
        this.targetLeg = null;
        this.targetAnswer = null;
    }

    /** The leg towards the transfer target; null until placed. */
    Leg target() {
        return targetLeg;
    }

    void target(Leg leg) {
        this.targetLeg = leg;
    }

    Response targetAnswer() {
        return targetAnswer;
    }

    void targetAnswer(Response response) {
        this.targetAnswer = response;
    }

    /** The SDP the target was offered: the relay's, as the relay last described its media. */
    byte[] offered() {
        return offered;
    }

    void offered(byte[] sdp) {
        this.offered = sdp;
    }

    /** The SDP the relay had from relaybridge before the re-offer: its session again should the re-offer fail. */
    byte[] relaySdpBefore() {
        return relaySdpBefore;
    }

    void relaySdpBefore(byte[] sdp) {
        this.relaySdpBefore = sdp;
    }

    /** The re-offer of the target's media to the relay, sent again unchanged after a 491. */
    byte[] relayOffer() {
        return relayOffer;
    }

    void relayOffer(byte[] sdp) {
        this.relayOffer = sdp;
    }

    /** One more 491 from the relay to the re-offer; how many so far. */
    int relayGlared() {
        return ++relayGlares;
    }
}
