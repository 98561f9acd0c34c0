package se.relaybridge.call;

import se.relaybridge.sip.Product;

import javax.sip.ServerTransaction;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers requests that belong to no call: OPTIONS (keep-alive pings) get 200, other methods 405. */
public final class OutOfDialogResponder {

    private static final Logger LOG = Logger.getLogger(OutOfDialogResponder.class.getName());
    /** The methods relaybridge allows outside a dialog, as every Allow header of an out-of-dialog answer lists them. */
    public static final List<String> ALLOWED = List.of(Request.INVITE, Request.ACK, Request.CANCEL, Request.BYE, Request.OPTIONS);

    private final SipMessaging messaging;

    OutOfDialogResponder(SipMessaging messaging) {
        this.messaging = messaging;
    }

    void respond(ServerTransaction transaction) {
        boolean options = Request.OPTIONS.equals(transaction.getRequest().getMethod());
        try {
            Response response = messaging.sip().messages().createResponse(
                    options ? Response.OK : Response.METHOD_NOT_ALLOWED, transaction.getRequest());
            for (String method : ALLOWED) {
                response.addHeader(messaging.sip().headers().createAllowHeader(method));
            }
            if (options) {
                response.addHeader(messaging.sip().headers().createAcceptHeader("application", "sdp"));
            }
            response.addHeader(messaging.sip().headers().createServerHeader(List.of(Product.TOKEN)));
            messaging.send(transaction, response);
        } catch (ParseException e) {
            LOG.log(Level.WARNING, "could not answer " + transaction.getRequest().getMethod(), e);
        }
    }
}
