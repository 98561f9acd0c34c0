package se.relaybridge.sip;

import javax.sip.Dialog;
import javax.sip.header.RouteHeader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * The state of one confirmed dialog that another node needs to go on with it (RFC 3261 §12: Call-ID, the local and
 * remote tags and URIs, both sequence numbers, the remote target and the route set) in plain strings, so that it
 * can be replicated and kept in a data grid without the stack's objects (docs/architecture.md, "A dialog without
 * its node"). {@code server} says whether this side answered the dialog's INVITE.
 */
public record DialogSnapshot(String callId, String localTag, String remoteTag, String localParty, String remoteParty,
                             long localSeq, long remoteSeq, String remoteTarget, List<String> routeSet,
                             boolean server) {

    public DialogSnapshot {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(localTag, "localTag");
        Objects.requireNonNull(remoteTag, "remoteTag");
        Objects.requireNonNull(localParty, "localParty");
        Objects.requireNonNull(remoteParty, "remoteParty");
        Objects.requireNonNull(remoteTarget, "remoteTarget");
        routeSet = List.copyOf(routeSet);
    }

    /** What {@code dialog} holds now; it must be confirmed (both tags known, a remote target). */
    public static DialogSnapshot of(Dialog dialog) {
        if (dialog.getRemoteTag() == null || dialog.getRemoteTarget() == null) {
            throw new IllegalArgumentException("dialog " + dialog.getDialogId() + " is not confirmed");
        }
        List<String> routes = new ArrayList<>();
        for (Iterator<?> it = dialog.getRouteSet(); it.hasNext(); ) {
            routes.add(((RouteHeader) it.next()).getAddress().toString());
        }
        // an unsent local sequence number is -1 in the stack (a dialog this side answered and never sent in)
        return new DialogSnapshot(dialog.getCallId().getCallId(), dialog.getLocalTag(), dialog.getRemoteTag(),
                dialog.getLocalParty().toString(), dialog.getRemoteParty().toString(), dialog.getLocalSeqNumber(),
                dialog.getRemoteSeqNumber(), dialog.getRemoteTarget().toString(), routes, dialog.isServer());
    }
}
