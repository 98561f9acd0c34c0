package se.relaybridge.call;

import se.relaybridge.sip.Product;
import se.relaybridge.sip.Rejection;
import se.relaybridge.sip.ScreenedRequest;

import javax.sip.ServerTransaction;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentEncodingHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The checks of RFC 3261 §8.2 that a request passes before any call logic sees it, after the parser's own
 * ({@link ScreenedRequest#rejection()}): Max-Forwards (a B2BUA forwards, RFC 3261 §16.3), the Request-URI scheme
 * (§8.2.2.1, 416), Require (§8.2.2.3, 420 + Unsupported), Content-Type and Content-Encoding (§8.2.3, 415 + Accept)
 * and Accept (§21.4.7, 406). Methods relaybridge does not allow are refused 405 elsewhere, first (§8.2.1).
 */
final class RequestScreen {

    private static final Logger LOG = Logger.getLogger(RequestScreen.class.getName());
    /** The option tags relaybridge implements on the relay leg. */
    static final Set<String> SUPPORTED = Set.of(ReliableProvisionals.OPTION, SessionTimers.TIMER);
    private static final Set<String> SCHEMES = Set.of("sip", "sips", "tel");
    /** Bodies relaybridge reads in an INVITE or UPDATE: an SDP offer, or a multipart with one (RFC 7852 data). */
    private static final List<String> ACCEPTED = List.of("application/sdp", "multipart/mixed");
    private static final Set<String> SCREENED_METHODS = Set.of(Request.INVITE, Request.OPTIONS, Request.UPDATE);

    private final SipMessaging messaging;

    RequestScreen(SipMessaging messaging) {
        this.messaging = messaging;
    }

    /**
     * The answer to a request that must not go further, or empty. Never called for ACK. The parser's answer comes
     * first (a message that is not well formed is refused whatever its method); the checks here only for methods
     * relaybridge allows where the request arrived ({@code allowed}).
     */
    Optional<Rejection> check(Request request, boolean allowed, boolean inDialog) {
        if (request instanceof ScreenedRequest screened && screened.rejection() != null) {
            return Optional.of(screened.rejection());
        }
        String method = request.getMethod();
        if (!allowed || !SCREENED_METHODS.contains(method) || (!inDialog && Request.UPDATE.equals(method))) {
            return Optional.empty();
        }
        MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
        if (maxForwards != null && maxForwards.getMaxForwards() == 0) {
            return Optional.of(Rejection.of(Response.TOO_MANY_HOPS, "Too Many Hops"));
        }
        URI target = request.getRequestURI();
        if (target == null || !SCHEMES.contains(target.getScheme().toLowerCase(Locale.ROOT))) {
            return Optional.of(Rejection.of(Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme"));
        }
        List<String> unsupported = unsupportedRequirements(request);
        if (!unsupported.isEmpty()) {
            return Optional.of(new Rejection(Response.BAD_EXTENSION, "Bad Extension", String.join(", ", unsupported)));
        }
        if (Request.OPTIONS.equals(method)) {
            return Optional.empty();
        }
        ContentEncodingHeader encoding = (ContentEncodingHeader) request.getHeader(ContentEncodingHeader.NAME);
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.getEncoding().trim())) {
            return Optional.of(Rejection.of(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type (Content-Encoding)"));
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0 && (type == null || !accepted(type))) {
            return Optional.of(Rejection.of(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type"));
        }
        if (Request.INVITE.equals(method) && !acceptsSdp(request)) {
            return Optional.of(Rejection.of(Response.NOT_ACCEPTABLE, "Not Acceptable (answers are application/sdp)"));
        }
        return Optional.empty();
    }

    /** Sends the refusal, with the headers RFC 3261 asks of it (Unsupported with 420, Accept with 415 and 406). */
    void refuse(ServerTransaction transaction, Rejection rejection) {
        try {
            Response response = messaging.sip().messages().createResponse(rejection.status(), transaction.getRequest());
            response.setReasonPhrase(rejection.reason());
            HeaderFactory headers = messaging.sip().headers();
            if (rejection.unsupported() != null) {
                for (String tag : rejection.unsupported().split(", ")) {
                    response.addHeader(headers.createUnsupportedHeader(tag));
                }
            }
            if (rejection.status() == Response.UNSUPPORTED_MEDIA_TYPE || rejection.status() == Response.NOT_ACCEPTABLE) {
                for (String accepted : ACCEPTED) {
                    String[] parts = accepted.split("/");
                    response.addHeader(headers.createAcceptHeader(parts[0], parts[1]));
                }
                response.addHeader(headers.createAcceptEncodingHeader("identity"));
            }
            response.addHeader(headers.createServerHeader(List.of(Product.TOKEN)));
            messaging.send(transaction, response);
        } catch (ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not refuse a " + transaction.getRequest().getMethod() + " with " + rejection.status(), e);
        }
    }

    /**
     * The answer to a request the RI would not give a server transaction (it misses a header RFC 3261 requires, or
     * the stack is saturated), sent without one: never a silent drop.
     */
    void refuseStatelessly(Request request, TransactionUnavailableException why) {
        Rejection rejection;
        if (why.getCause() instanceof ParseException missing) {
            String text = String.valueOf(missing.getMessage());
            rejection = Rejection.of(Response.BAD_REQUEST, "Bad Request (missing " + text.substring(text.lastIndexOf(':') + 1).trim() + ")");
        } else if (Request.NOTIFY.equals(request.getMethod())) {
            rejection = Rejection.of(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, "Subscription Does Not Exist");
        } else {
            rejection = Rejection.of(Response.SERVICE_UNAVAILABLE, "Service Unavailable");
        }
        try {
            Response response = messaging.sip().messages().createResponse(rejection.status(), request);
            response.setReasonPhrase(rejection.reason());
            messaging.sip().provider().sendResponse(response);
        } catch (ParseException | javax.sip.SipException | RuntimeException e) {
            LOG.log(Level.FINE, "could not answer a " + request.getMethod() + " without a transaction", e);
        }
    }

    private static List<String> unsupportedRequirements(Request request) {
        List<String> unsupported = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext(); ) {
            String tag = ((RequireHeader) it.next()).getOptionTag().trim();
            if (!SUPPORTED.contains(tag.toLowerCase(Locale.ROOT)) && !unsupported.contains(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    private static boolean accepted(ContentTypeHeader type) {
        String media = (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(Locale.ROOT);
        return media.equals("application/sdp") || media.startsWith("multipart/");
    }

    /** Whether the Accept header, when there is one, lets an SDP answer through (RFC 3261 §20.1: absent means application/sdp). */
    private static boolean acceptsSdp(Request request) {
        Iterator<?> it = request.getHeaders(AcceptHeader.NAME);
        if (!it.hasNext()) {
            return true;
        }
        while (it.hasNext()) {
            AcceptHeader accept = (AcceptHeader) it.next();
            String type = accept.getContentType() == null ? "" : accept.getContentType().toLowerCase(Locale.ROOT);
            String sub = accept.getContentSubType() == null ? "" : accept.getContentSubType().toLowerCase(Locale.ROOT);
            if ((type.equals("*") || type.equals("application")) && (sub.equals("*") || sub.equals("sdp"))) {
                return true;
            }
        }
        return false;
    }
}
