package se.relaybridge.call;

import se.relaybridge.relay.MetadataBody;
import se.relaybridge.relay.MetadataExtractor;
import se.relaybridge.relay.RelayHeaders;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.RelaySessionJson;
import se.relaybridge.sip.Product;

import javax.sip.ClientTransaction;
import javax.sip.SipException;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A new interpreter takes over the relay mid-call (DESIGN §6 "Mid-call"): the relay says so in a re-INVITE,
 * UPDATE or INFO with a changed interpreter header, and the nurse's queue leg gets an INFO with the updated
 * relay JSON, so the desktop shows who interprets now.
 */
final class InterpreterHandover {

    private static final Logger LOG = Logger.getLogger(InterpreterHandover.class.getName());

    private final SipMessaging messaging;

    InterpreterHandover(SipMessaging messaging) {
        this.messaging = messaging;
    }

    /** The interpreter a relay request names, when it differs from the one the call has. */
    Optional<String> changedInterpreter(Leg from, Request request) {
        Call call = from.call();
        if (from.role() != LegRole.RELAY || call.relaySession() == null || call.profile() == null) {
            return Optional.empty();
        }
        Header header = request.getHeader(call.profile().inboundHeaders().interpreterHeader());
        if (header == null) {
            return Optional.empty();
        }
        return MetadataExtractor.interpreterId(QueueInviteBuilder.valueOf(header))
                .filter(id -> !id.equals(call.relaySession().interpreterId()));
    }

    /** Records the new interpreter and tells the queue leg in an INFO carrying the relay JSON. */
    void announce(Call call, String interpreterId) {
        RelaySession session = call.relaySession().withInterpreter(interpreterId);
        call.relaySession(session);
        Leg queue = call.queue();
        if (queue == null || queue.released() || queue.dialog() == null || !queue.answered()) {
            return;
        }
        try {
            Request info = queue.dialog().createRequest(Request.INFO);
            String[] type = MetadataBody.JSON_TYPE.split("/");
            ContentTypeHeader json = messaging.sip().headers().createContentTypeHeader(type[0], type[1]);
            info.setContent(RelaySessionJson.toJson(session).getBytes(StandardCharsets.UTF_8), json);
            info.addHeader(messaging.sip().headers().createHeader(RelayHeaders.INTERPRETER, interpreterId));
            info.setHeader(messaging.sip().headers().createUserAgentHeader(List.of(Product.TOKEN)));
            ClientTransaction transaction = messaging.sip().provider().getNewClientTransaction(info);
            transaction.setApplicationData(new TxTag(call, queue, TxPurpose.METADATA));
            queue.dialog().sendRequest(transaction);
            LOG.fine(() -> call.id() + " interpreter handover announced to the queue");
        } catch (SipException | ParseException | RuntimeException e) {
            LOG.log(Level.WARNING, call.id() + " could not announce the interpreter handover", e);
        }
    }
}
