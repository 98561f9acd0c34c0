package se.relaybridge.call;

import gov.nist.javax.sip.message.SIPMessage;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;
import javax.sip.header.AllowHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * One side of a call: one SIP dialog and its INVITE transaction. Only the owning call's serial executor
 * touches it. Once the call is confirmed the INVITE transactions are let go ({@link #releaseInviteTransaction()}):
 * a call that lasts an hour then holds its dialogs and its INVITE, not the stack's transaction objects
 * (docs/load-bench.md, "What the heap holds").
 */
public final class Leg {

    private final Call call;
    private final LegRole role;
    private final String sipCallId;
    private final String transport;
    private Dialog dialog;
    private ServerTransaction inviteServer;
    private ClientTransaction inviteClient;
    private Request invite;
    private byte[] inviteBytes;
    private boolean placed;
    private String localTag;
    private boolean provisionalSeen;
    private Response answer;
    private boolean answered;
    private boolean finalResponseSent;
    private Request ack;
    private boolean released;
    private ServerTransaction midDialogInviteIn;
    private boolean midDialogInviteOut;
    private Response midDialogAnswer;
    private ServerTransaction updateOfferIn;
    private boolean updateOfferOut;
    private boolean reliableSdpSent;
    private boolean earlyOfferOut;
    private SessionTimer sessionTimer;
    private byte[] lastSdpSent;
    private boolean peerAllowsUpdate;
    private boolean unackedReliable;
    private boolean unackedReliableHadSdp;
    private Response pendingProvisional;
    private Response heldAnswer;

    Leg(Call call, LegRole role, String sipCallId, String transport) {
        this.call = call;
        this.role = role;
        this.sipCallId = sipCallId;
        this.transport = transport;
    }

    public Call call() {
        return call;
    }

    public LegRole role() {
        return role;
    }

    public String sipCallId() {
        return sipCallId;
    }

    public String transport() {
        return transport;
    }

    public Dialog dialog() {
        return dialog;
    }

    void dialog(Dialog dialog) {
        this.dialog = dialog;
        dialog.setApplicationData(this);
    }

    public ServerTransaction inviteServer() {
        return inviteServer;
    }

    void inviteServer(ServerTransaction transaction) {
        this.inviteServer = transaction;
        this.invite = transaction.getRequest();
    }

    public ClientTransaction inviteClient() {
        return inviteClient;
    }

    void inviteClient(ClientTransaction transaction) {
        this.inviteClient = transaction;
        this.invite = transaction.getRequest();
        this.placed = true;
    }

    /**
     * The INVITE that set this leg up: received (a relay's call) or sent by relaybridge; kept for the call's life,
     * as its bytes once the call is confirmed and parsed again when asked for (a transfer, a session refresh).
     */
    public Request invite() {
        if (invite == null && inviteBytes != null) {
            invite = ParsedAgain.request(inviteBytes);
        }
        return invite;
    }

    /** The INVITE's bytes as they are kept, or as the stack encodes it while it is still parsed; not parsed again. */
    byte[] inviteBytes() {
        if (inviteBytes != null) {
            return inviteBytes;
        }
        return invite instanceof SIPMessage message ? message.encodeAsBytes(transport) : null;
    }

    /** Whether relaybridge sent this leg's INVITE (queue attempts, transfer targets, both legs of a callback). */
    boolean placed() {
        return placed;
    }

    /**
     * Lets the set-up go once the 2xx is acknowledged: the INVITE transaction is over (RFC 3261 §17.2.1, RFC 6026;
     * a 2xx retransmitted later is answered from {@link #ack()}), the 2xx itself is not read again
     * ({@link #answered()} stays true), and the INVITE is kept as its bytes: a parsed SIP message is several times
     * the size of its text, and a long call would hold it for hours.
     */
    void releaseInviteTransaction() {
        this.inviteServer = null;
        this.inviteClient = null;
        this.answer = null;
        if (invite instanceof SIPMessage message) {
            this.inviteBytes = message.encodeAsBytes(transport);
            this.invite = null;
        }
    }

    /**
     * A confirmed leg taken up from its replica (another node set it up, {@link CallAdoption}): answered, its INVITE
     * transaction long over; {@code invite} the INVITE that set it up (its bytes), {@code ack} the ACK that node sent
     * for its 2xx (a queue leg) or null, {@code lastSdpSent} the last SDP it sent to the leg's peer or null.
     */
    void restoredConfirmed(byte[] invite, Request ack, byte[] lastSdpSent, boolean peerAllowsUpdate) {
        this.peerAllowsUpdate = peerAllowsUpdate;
        this.inviteBytes = invite;
        this.invite = null;
        this.lastSdpSent = lastSdpSent;
        this.placed = role == LegRole.QUEUE;
        this.answered = true;
        this.finalResponseSent = true;
        this.provisionalSeen = true;
        this.ack = ack;
    }

    String localTag() {
        return localTag;
    }

    void localTag(String tag) {
        this.localTag = tag;
    }

    boolean provisionalSeen() {
        return provisionalSeen;
    }

    void provisionalSeen(boolean seen) {
        this.provisionalSeen = seen;
    }

    /** The 2xx this leg's INVITE received (queue leg) or sent (relay leg); null again once the call is confirmed. */
    Response answer() {
        return answer;
    }

    void answer(Response response) {
        this.answer = response;
        this.answered = response != null;
    }

    /** Whether this leg's INVITE has had its 2xx (received or sent). */
    boolean answered() {
        return answered;
    }

    boolean finalResponseSent() {
        return finalResponseSent;
    }

    void finalResponseSent(boolean sent) {
        this.finalResponseSent = sent;
    }

    /** The ACK sent for this leg's 2xx, kept to answer 2xx retransmissions. */
    Request ack() {
        return ack;
    }

    void ack(Request ack) {
        this.ack = ack;
    }

    /** A re-INVITE this leg's peer sent us that has no final response yet. */
    ServerTransaction midDialogInviteIn() {
        return midDialogInviteIn;
    }

    void midDialogInviteIn(ServerTransaction transaction) {
        this.midDialogInviteIn = transaction;
    }

    /** Whether relaybridge has a re-INVITE outstanding towards this leg's peer. */
    boolean midDialogInviteOut() {
        return midDialogInviteOut;
    }

    void midDialogInviteOut(boolean outstanding) {
        this.midDialogInviteOut = outstanding;
    }

    /** An UPDATE with an offer this leg's peer sent us that has no final response yet (RFC 3311 §5.2). */
    ServerTransaction updateOfferIn() {
        return updateOfferIn;
    }

    void updateOfferIn(ServerTransaction transaction) {
        this.updateOfferIn = transaction;
    }

    /** Whether relaybridge has an UPDATE with an offer outstanding towards this leg's peer. */
    boolean updateOfferOut() {
        return updateOfferOut;
    }

    void updateOfferOut(boolean outstanding) {
        this.updateOfferOut = outstanding;
    }

    /** Whether relaybridge has sent this (relay) leg a reliable provisional with SDP: the early offer or answer. */
    boolean reliableSdpSent() {
        return reliableSdpSent;
    }

    void reliableSdpSent(boolean sent) {
        this.reliableSdpSent = sent;
    }

    /** Whether relaybridge's offer in a reliable 18x (to a relay INVITE without one) awaits its answer in a PRACK. */
    boolean earlyOfferOut() {
        return earlyOfferOut;
    }

    void earlyOfferOut(boolean outstanding) {
        this.earlyOfferOut = outstanding;
    }

    /** The 2xx this leg's peer sent to a bridged re-INVITE, waiting for the other side's ACK. */
    Response midDialogAnswer() {
        return midDialogAnswer;
    }

    void midDialogAnswer(Response response) {
        this.midDialogAnswer = response;
    }

    SessionTimer sessionTimer() {
        return sessionTimer;
    }

    void sessionTimer(SessionTimer timer) {
        this.sessionTimer = timer;
    }

    /** The last SDP relaybridge sent to this leg's peer: re-sent unchanged in a session refresh re-INVITE. */
    byte[] lastSdpSent() {
        return lastSdpSent;
    }

    /** Notes the SDP of a message whose SDP goes to this leg's peer (inside a multipart body or not). */
    void noteSdpSent(Message message) {
        noteSent(message);
    }

    /** Notes the SDP of a message about to go to this leg's peer. */
    void noteSent(Message message) {
        byte[] sdp = QueueInviteBuilder.sdpOf(message);
        if (sdp != null) {
            lastSdpSent = sdp.clone();
        }
    }

    /** An offer the peer refused leaves its session as it was: what it had before counts again. */
    void restoreSdpSent(byte[] sdp) {
        this.lastSdpSent = sdp == null ? null : sdp.clone();
    }

    /** Whether the peer listed UPDATE in its Allow: then a session refresh needs no SDP. */
    boolean peerAllowsUpdate() {
        return peerAllowsUpdate;
    }

    void notePeerAllow(Message message) {
        java.util.ListIterator<?> allows = message.getHeaders(AllowHeader.NAME);
        while (allows != null && allows.hasNext()) {
            if (((AllowHeader) allows.next()).getMethod().toUpperCase(java.util.Locale.ROOT).contains(Request.UPDATE)) {
                peerAllowsUpdate = true;
            }
        }
    }

    /** A reliable provisional relaybridge sent to this leg's peer still waits for its PRACK. */
    boolean unackedReliable() {
        return unackedReliable;
    }

    boolean unackedReliableHadSdp() {
        return unackedReliableHadSdp;
    }

    void unackedReliable(boolean unacked, boolean hadSdp) {
        this.unackedReliable = unacked;
        this.unackedReliableHadSdp = hadSdp;
    }

    /** The newest provisional from the other leg, waiting until the previous reliable one is PRACKed. */
    Response pendingProvisional() {
        return pendingProvisional;
    }

    void pendingProvisional(Response response) {
        this.pendingProvisional = response;
    }

    /** The other leg's 2xx, held until this leg's peer PRACKs an SDP-bearing reliable provisional. */
    Response heldAnswer() {
        return heldAnswer;
    }

    void heldAnswer(Response response) {
        this.heldAnswer = response;
    }

    public boolean released() {
        return released;
    }

    void released(boolean released) {
        this.released = released;
    }
}
