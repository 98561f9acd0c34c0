package se.relaybridge.sip;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerRequestInterface;

import javax.sip.InvalidArgumentException;
import javax.sip.TransactionState;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The order of requests inside a dialog, checked before the RI's dialog layer, which gets them wrong
 * (docs/sip-edge.md, "Requests out of order in a dialog"):
 * <ul>
 *   <li>a request whose CSeq number is not above the dialog's remote one is out of order: {@code 500}
 *       (RFC 3261 §12.2.2 for a lower one; an equal one on a new transaction is not in order either, §12.2.1.1
 *       has every new request raise it). The RI answered a lower one, and dropped an equal one without any
 *       answer. A refused BYE still ends the call ({@link RefusedByeListener});</li>
 *   <li>an INVITE while the peer's previous INVITE on the dialog has no final response yet: {@code 500} with a
 *       {@code Retry-After} of 0 to 10 s chosen at random (RFC 3261 §14.2). The RI answered {@code 491}, which
 *       §14.2 keeps for an INVITE crossing one of our own (that case stays with the RI).</li>
 * </ul>
 * ACK and CANCEL carry the CSeq of their INVITE, PRACK is matched by its RAck: those go on unchecked, as does
 * everything outside a dialog. Runs on the stack thread that received the request: answers without blocking.
 */
final class DialogOrder implements ServerRequestInterface {

    private static final Logger LOG = Logger.getLogger(DialogOrder.class.getName());
    static final String OUT_OF_ORDER = "CSeq out of order";
    static final String INVITE_PENDING = "Previous INVITE pending";
    private static final int MAX_RETRY_AFTER_SECONDS = 10;

    private final ServerRequestInterface dialogLayer;
    private final SIPServerTransaction transaction;
    private final SIPTransactionStack stack;

    DialogOrder(ServerRequestInterface dialogLayer, SIPServerTransaction transaction, SIPTransactionStack stack) {
        this.dialogLayer = dialogLayer;
        this.transaction = transaction;
        this.stack = stack;
    }

    @Override
    public void processRequest(SIPRequest request, MessageChannel channel) {
        Optional<String> fault = fault(request, dialogOf(request));
        if (fault.isEmpty()) {
            dialogLayer.processRequest(request, channel);
            return;
        }
        refuse(request, fault.get());
        if (Request.BYE.equals(request.getMethod())
                && transaction.getSipProvider().getSipListener() instanceof RefusedByeListener listener) {
            listener.onRefusedBye(request.getCallId().getCallId());
        }
    }

    /**
     * The dialog of a request in one, or null. A dialog this stack does not know may be one another node set up:
     * the listener may restore it now, before the RI looks for it ({@link UnknownDialogListener}).
     */
    private SIPDialog dialogOf(SIPRequest request) {
        String method = request.getMethod();
        if (request.getToTag() == null || Request.ACK.equals(method) || Request.CANCEL.equals(method)) {
            return null;
        }
        String id = request.getDialogId(true);
        SIPDialog dialog = stack.getDialog(id);
        if (dialog == null && transaction.getSipProvider().getSipListener() instanceof UnknownDialogListener listener) {
            listener.onUnknownDialog(request.getCallId().getCallId());
            dialog = stack.getDialog(id);
        }
        return dialog;
    }

    private Optional<String> fault(SIPRequest request, SIPDialog dialog) {
        if (dialog == null || request.getCSeq() == null || Request.PRACK.equals(request.getMethod())
                || dialog.getSipProvider() != transaction.getSipProvider()) {
            return Optional.empty();
        }
        if (!dialog.isRequestConsumable(request)) {
            return Optional.of(OUT_OF_ORDER);
        }
        if (Request.INVITE.equals(request.getMethod())
                && peerInvitePending(dialog, request.getCSeq().getSeqNumber())) {
            return Optional.of(INVITE_PENDING);
        }
        return Optional.empty();
    }

    /** The peer's previous INVITE on this dialog (a lower CSeq) has had no final response yet. */
    private static boolean peerInvitePending(SIPDialog dialog, long cseq) {
        SIPTransaction last = dialog.getLastTransaction();
        return last instanceof SIPServerTransaction && last.isInviteTransaction() && last.getCSeq() < cseq
                && (last.getInternalState() == TransactionState._TRYING
                    || last.getInternalState() == TransactionState._PROCEEDING);
    }

    /** Answers as the RI answers its own dialog errors, so that the ACK of a refused INVITE is absorbed likewise. */
    private void refuse(SIPRequest request, String reason) {
        LOG.fine(() -> "refused " + request.getMethod() + " " + request.getCSeq().getSeqNumber() + " in dialog: " + reason);
        if (transaction.getState() == TransactionState.TERMINATED) {
            return;
        }
        try {
            SIPResponse response = request.createResponse(Response.SERVER_INTERNAL_ERROR, reason);
            if (MessageFactoryImpl.getDefaultServerHeader() != null) {
                response.setHeader(MessageFactoryImpl.getDefaultServerHeader());
            }
            if (INVITE_PENDING.equals(reason)) {
                response.setHeader(retryAfter());
            }
            if (request.getMethod().equals(Request.INVITE)) {
                stack.addTransactionPendingAck(transaction);
            }
            transaction.sendResponse(response);
            transaction.releaseSem();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "could not answer a " + request.getMethod() + " out of order", e);
            transaction.releaseSem();
            stack.removeTransaction(transaction);
        }
    }

    private static RetryAfter retryAfter() throws InvalidArgumentException {
        RetryAfter header = new RetryAfter();
        header.setRetryAfter(ThreadLocalRandom.current().nextInt(MAX_RETRY_AFTER_SECONDS + 1));
        return header;
    }
}
