package se.relaybridge.sip;

import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.header.ViaList;
import gov.nist.javax.sip.header.NameMap;
import gov.nist.javax.sip.parser.Lexer;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;

import javax.sip.message.Request;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * relaybridge's SIP message parser (the RI's {@code MESSAGE_PARSER_FACTORY} hook, see docs/sip-edge.md). It lets
 * the RI parse, then screens what the RI is too liberal for or gives up on silently, and decides the answer:
 * a request the RI cannot parse is rebuilt from what can be salvaged (Via, Call-ID, From, To, CSeq) and handed
 * on with its {@link Rejection}, so that it is answered through an ordinary server transaction over UDP and TCP
 * alike, with a clean reason phrase, instead of being dropped or answered with the RI's exception text.
 * Responses are left to the stack, which drops those that match no transaction (RFC 4475 §3.1.2.5, §3.1.2.19).
 */
class ScreeningParser extends StringMsgParser {

    /** The headers without which a request cannot be answered or framed; the RI gives up on the message for these. */
    private static final Set<Class<?>> FRAMING = Set.of(From.class, To.class, CSeq.class, Via.class, CallID.class,
            ContentLength.class, RequestLine.class, StatusLine.class);
    private static final Map<Class<?>, String> HEADER_NAMES = Map.of(From.class, "From", To.class, "To", CSeq.class,
            "CSeq", Via.class, "Via", CallID.class, "Call-ID", ContentLength.class, "Content-Length",
            RequestLine.class, "Request-Line", StatusLine.class, "Status-Line");
    /** Headers RFC 3261 §7.3.1 allows once only (they are not comma-separated lists). */
    private static final List<String> SINGLE = List.of("call-id", "from", "to", "cseq", "max-forwards",
            "content-length", "content-type");
    private static final Set<String> KNOWN_METHODS = Set.of(Request.INVITE, Request.ACK, Request.BYE, Request.CANCEL,
            Request.OPTIONS, Request.REGISTER, Request.PRACK, Request.SUBSCRIBE, Request.NOTIFY, Request.PUBLISH,
            Request.INFO, Request.REFER, Request.MESSAGE, Request.UPDATE);
    /** Methods the RI's server transaction refuses without a Contact (RFC 3261 §8.1.1.8). */
    private static final Set<String> DIALOG_CREATING = Set.of(Request.INVITE, Request.SUBSCRIBE, Request.REFER);
    private static final Pattern REQUEST_LINE = Pattern.compile("[^ ]+ [^ ]+ [^ ]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern VIA_SALVAGE = Pattern.compile("SIP\\s*/\\s*2\\.0\\s*/\\s*([A-Za-z]+)\\s+([^;,\\s]+)");
    private static final Pattern BRANCH = Pattern.compile("(?i);\\s*branch\\s*=\\s*([^;,\\s]+)");
    private static final Pattern CSEQ_NUMBER = Pattern.compile("^\\s*(\\d{1,10})\\b");
    /** RFC 3261 §25.1: an unquoted display-name is tokens and LWS only. */
    private static final Pattern UNQUOTED_DISPLAY_NAME = Pattern.compile("[A-Za-z0-9.!%*_+`'~ \\t-]*");

    private final int maxMessageBytes;

    ScreeningParser(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Which framing header the RI failed on, for a reason phrase that names it. */
    private static final class Failure {
        String header;
    }

    @Override
    public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener channel)
            throws ParseException {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        // readBody is false only on stream transports, where the parser sees the headers and the stack reads the body
        boolean stream = !readBody;
        Failure failure = new Failure();
        // the same rule for every transport: the RI's TCP channel passes no listener and then drops on any bad header
        ParseExceptionListener listener = (ex, message, headerClass, header, whole) -> {
            if (headerClass != null && FRAMING.contains(headerClass)) {
                failure.header = HEADER_NAMES.get(headerClass);
                throw ex;
            }
            message.addUnparsed(header);
        };
        SIPMessage message;
        try {
            message = super.parseSIPMessage(bytes, readBody, strict, listener);
        } catch (ParseException | RuntimeException e) {
            return rebuilt(RawMessage.of(bytes), stream,
                    failure.header == null ? "Bad Request" : "Bad Request (malformed " + failure.header + ")");
        } catch (StackOverflowError e) {
            // a header nested deeper than the parser's stack: refused like any malformed header, the thread lives on
            return rebuilt(RawMessage.of(bytes), stream, "Bad Request (header nested too deeply)");
        }
        if (!(message instanceof ScreenedRequest request)) {
            // an answer the RI parsed is not screened: its raw form is read only for requests (half the messages)
            return message;
        }
        return screened(RawMessage.of(bytes), request, stream);
    }

    @Override
    protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] bytes) throws ParseException {
        SIPMessage parsed = super.processFirstLine(firstLine, listener, bytes);
        if (parsed instanceof SIPRequest request && !(parsed instanceof ScreenedRequest)) {
            ScreenedRequest screened = new ScreenedRequest();
            if (request.getRequestLine() != null) {
                screened.setRequestLine(request.getRequestLine());
            }
            return screened;
        }
        return parsed;
    }

    @Override
    protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener, byte[] raw)
            throws ParseException {
        try {
            super.processHeader(header, message, listener, raw);
        } catch (StackOverflowError e) {
            // as a header the RI cannot parse: a framing header fails the message, any other is set aside
            Class<?> headerClass = NameMap.getClassFromName(Lexer.getHeaderName(header));
            listener.handleException(new ParseException("nested too deeply", 0), message, headerClass, header, null);
        }
    }

    /** The checks of a request the RI parsed: RFC 3261 §7, §8.2 and §21 where the RI is too liberal. */
    private SIPMessage screened(RawMessage raw, ScreenedRequest request, boolean stream) throws ParseException {
        if (request.getTopmostVia() == null) {
            // no Via: RFC 3261 §18.2.2 gives no address an answer could go to
            return null;
        }
        int contentLength = request.getContentLength() == null ? 0 : request.getContentLength().getContentLength();
        if ((long) raw.headerBytes() + contentLength > maxMessageBytes) {
            request.reject(Rejection.of(513, "Message Too Large"));
        }
        List<String> missing = new ArrayList<>();
        if (request.getCallId() == null) {
            missing.add("Call-ID");
            request.setHeader((SIPHeader) parseSIPHeader("Call-ID: missing." + Integer.toHexString(raw.hashCode())));
        }
        if (request.getFrom() == null) {
            missing.add("From");
            request.setHeader((SIPHeader) parseSIPHeader("From: <sip:invalid@invalid>;tag=missing"));
        }
        if (request.getTo() == null) {
            missing.add("To");
            request.setHeader((SIPHeader) parseSIPHeader("To: <sip:invalid@invalid>"));
        }
        if (request.getCSeq() == null) {
            missing.add("CSeq");
            request.setHeader((SIPHeader) parseSIPHeader("CSeq: 1 " + request.getMethod()));
        }
        if (!missing.isEmpty()) {
            request.reject(Rejection.of(400, "Bad Request (missing " + String.join(", ", missing) + ")"));
        }
        if (request.getMaxForwards() == null) {
            // RFC 2543 had no Max-Forwards (RFC 4475 §3.4.1): taken as the RFC 3261 §8.1.1.6 default
            request.setHeader((SIPHeader) parseSIPHeader("Max-Forwards: 70"));
        }
        if (request.getContactHeader() == null && DIALOG_CREATING.contains(request.getMethod()) && request.getToTag() == null) {
            // RFC 2543 §6.13: without Contact, the dialog's remote target is the From address
            request.setHeader((SIPHeader) parseSIPHeader("Contact: <" + (request.rejection() == null
                    ? request.getFrom().getAddress().getURI().toString() : "sip:invalid@invalid") + ">"));
        }
        String[] startLine = WHITESPACE.split(raw.startLine().trim());
        if (!"SIP/2.0".equals(startLine[startLine.length - 1])) {
            request.getRequestLine().setSipVersion("SIP/2.0");
            request.reject(Rejection.of(505, "Version Not Supported"));
        }
        if (!REQUEST_LINE.matcher(raw.startLine()).matches()) {
            // RFC 3261 §7.1: the elements are separated by single SP, none before CRLF (RFC 4475 §3.1.2.9, §3.1.2.10)
            request.reject(Rejection.of(400, "Bad Request (spaces in Request-Line)"));
        }
        for (String name : SINGLE) {
            if (raw.count(name) > 1) {
                request.reject(Rejection.of(400, "Bad Request (more than one " + canonical(name) + ")"));
            }
        }
        String method = request.getMethod();
        String cseqMethod = request.getCSeq().getMethod();
        if (!method.equals(cseqMethod)) {
            // the RI's channel answers a mismatch 400 itself; with the methods equal the screened answer goes out
            request.getCSeq().setMethod(method);
            request.reject(KNOWN_METHODS.contains(method) ? Rejection.of(400, "Bad Request (CSeq method differs)")
                    : Rejection.of(501, "Not Implemented"));
        }
        for (String name : List.of("from", "to")) {
            raw.first(name).flatMap(ScreeningParser::badAddress)
                    .ifPresent(problem -> request.reject(Rejection.of(400, "Bad Request (" + canonical(name) + " " + problem + ")")));
        }
        if (request.getRequestURI() instanceof SipUri uri && uri.getHeaderNames().hasNext()) {
            // RFC 3261 §19.1.1: headers are not allowed in a Request-URI (RFC 4475 §3.1.2.11)
            request.reject(Rejection.of(400, "Bad Request (headers in Request-URI)"));
        }
        return request;
    }

    /** What is wrong with a From or To value that the RI accepts: an unquoted display name with non-tokens, LWS inside {@code <>}. */
    private static Optional<String> badAddress(String value) {
        int angle = value.indexOf('<');
        if (angle < 0) {
            return Optional.empty();
        }
        String displayName = value.substring(0, angle);
        if (!displayName.strip().startsWith("\"") && !UNQUOTED_DISPLAY_NAME.matcher(displayName).matches()) {
            return Optional.of("display name needs quotes");
        }
        int close = value.indexOf('>', angle);
        if (close > angle && (Character.isWhitespace(value.charAt(angle + 1)) || Character.isWhitespace(value.charAt(close - 1)))) {
            return Optional.of("has spaces inside <>");
        }
        return Optional.empty();
    }

    /**
     * A request the RI could not parse, rebuilt from what can be salvaged so that it can be answered. Null when
     * no answer is possible (a response, no Via) or when a stream's framing is lost (RFC 4475 §3.1.2.3: the
     * connection is closed).
     */
    private SIPMessage rebuilt(RawMessage raw, boolean stream, String reason) throws ParseException {
        if (raw.isResponse()) {
            throw new ParseException("malformed response", 0);
        }
        Optional<Via> via = raw.first("via").flatMap(ScreeningParser::salvageVia);
        if (via.isEmpty()) {
            return null;
        }
        Integer contentLength = stream ? streamContentLength(raw) : Integer.valueOf(0);
        if (contentLength == null) {
            throw new ParseException("Content-Length lost on a stream", 0);
        }
        String method = raw.method().orElse(Request.OPTIONS);
        ScreenedRequest request = new ScreenedRequest();
        RequestLine line = new RequestLine();
        line.setMethod(method);
        line.setUri(parseSIPUrl("sip:invalid"));
        line.setSipVersion("SIP/2.0");
        request.setRequestLine(line);
        request.setHeader(via.get());
        request.setHeader(header(raw, "call-id", "Call-ID", "missing." + Integer.toHexString(raw.hashCode())));
        request.setHeader(header(raw, "from", "From", "<sip:invalid@invalid>;tag=invalid"));
        request.setHeader(header(raw, "to", "To", "<sip:invalid@invalid>"));
        long number = raw.first("cseq").map(CSEQ_NUMBER::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1))).filter(n -> n < (1L << 31)).orElse(1L);
        request.setHeader((SIPHeader) parseSIPHeader("CSeq: " + number + " " + method));
        request.setHeader((SIPHeader) parseSIPHeader("Max-Forwards: 70"));
        if (DIALOG_CREATING.contains(method)) {
            request.setHeader((SIPHeader) parseSIPHeader("Contact: <sip:invalid@invalid>"));
        }
        request.setHeader(new ContentLength(contentLength));
        request.reject(Rejection.of(400, reason));
        return request;
    }

    private static Optional<Via> salvageVia(String value) {
        String first = value.contains(",") ? value.substring(0, value.indexOf(',')) : value;
        try {
            return Optional.of(firstVia(parseSIPHeader("Via: " + first)));
        } catch (ParseException | RuntimeException e) {
            Matcher sentBy = VIA_SALVAGE.matcher(first);
            if (!sentBy.find()) {
                return Optional.empty();
            }
            Matcher branch = BRANCH.matcher(first);
            try {
                String rebuilt = "Via: SIP/2.0/" + sentBy.group(1).toUpperCase(Locale.ROOT) + " " + sentBy.group(2)
                        + (branch.find() ? ";branch=" + branch.group(1) : "");
                return Optional.of(firstVia(parseSIPHeader(rebuilt)));
            } catch (ParseException | RuntimeException again) {
                return Optional.empty();
            }
        }
    }

    private static Via firstVia(SIPHeader parsed) {
        return parsed instanceof ViaList list ? (Via) list.getFirst() : (Via) parsed;
    }

    private static SIPHeader header(RawMessage raw, String name, String canonical, String fallback) throws ParseException {
        Optional<String> value = raw.first(name);
        if (value.isPresent()) {
            try {
                return (SIPHeader) parseSIPHeader(canonical + ": " + value.get());
            } catch (ParseException | RuntimeException e) {
                // the answer still needs one: the placeholder stands in for the unreadable value
            }
        }
        return (SIPHeader) parseSIPHeader(canonical + ": " + fallback);
    }

    /** The body length a stream's next message starts after, or null when it cannot be known. */
    private static Integer streamContentLength(RawMessage raw) {
        List<String> values = raw.values("content-length");
        if (values.isEmpty()) {
            return 0;
        }
        if (values.size() > 1 || !values.get(0).matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(values.get(0));
    }

    private static String canonical(String name) {
        return switch (name) {
            case "call-id" -> "Call-ID";
            case "cseq" -> "CSeq";
            default -> {
                StringBuilder out = new StringBuilder();
                for (String part : name.split("-")) {
                    out.append(out.isEmpty() ? "" : "-").append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
                }
                yield out.toString();
            }
        };
    }
}
