package se.relaybridge.call;

import se.relaybridge.relay.RelaySession;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.RouteDecision;
import se.relaybridge.routing.RouteRequest;
import se.relaybridge.routing.Router;

import javax.sip.message.Request;
import java.util.function.Supplier;

/**
 * Chooses the nurse queue of a call (DESIGN §7) from its relay metadata and records the decision in it, so the
 * nurse's JSON, the call record and the log all show the same route. A call from a source that is no relay trunk
 * has no metadata worth trusting: it goes by no evidence at all, to the national queue.
 */
final class CallRouter {

    private final Supplier<QueueDirectory> queues;
    private final Router router;

    CallRouter(Supplier<QueueDirectory> queues, Router router) {
        this.queues = queues;
        this.router = router;
    }

    QueueSpec route(Call call, Request invite) {
        RelaySession session = call.relaySession();
        RouteRequest request = session == null
                ? new RouteRequest(null, null, null, null, null, null)
                : new RouteRequest(session.provider().id(), session.personNumber(), session.municipality(),
                InboundGeolocation.of(invite), spokenLanguage(session), session.startTime());
        RouteDecision decision = router.decide(request);
        call.route(decision);
        if (session != null) {
            call.relaySession(session.withRoute(decision));
        }
        QueueDirectory directory = queues.get();
        // routing.json is checked against queues.json; a queue gone since is the one case left, and the call still goes out
        return directory.get(decision.queue()).orElseGet(directory::defaultQueueSpec);
    }

    /** The language the nurse must speak: the first spoken one; a sign language is the interpreter's side. */
    static String spokenLanguage(RelaySession session) {
        return session.languages().stream()
                .filter(tag -> !tag.equals("swl") && !tag.startsWith("sgn"))
                .findFirst().orElse(null);
    }
}
