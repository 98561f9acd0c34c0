package se.relaybridge.call;

import se.relaybridge.routing.RouteDecision;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One log line per call when it ends: id, relay profile and service, queue, region and the evidence for it, attempts, transfers, outcome and duration.
 * The steps in between are logged at FINE, so a busy relaybridge writes one line per call, not six.
 * The line never carries a phone number.
 */
final class CallLog implements Consumer<Call> {

    private static final Logger LOG = Logger.getLogger(CallLog.class.getName());

    private final Clock clock;

    CallLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void accept(Call call) {
        LOG.info(() -> call.id()
                + " " + (call.profile() == null ? "-" : call.profile().id() + "/" + call.profile().service())
                + " queue " + (call.queueId() == null ? "-" : call.queueId())
                + (call.route() == null ? "" : " region " + (call.route().region() == null ? "national" : call.route().region())
                        + " by " + call.route().evidence()
                        + (RouteDecision.NONE.equals(call.route().languageDecision()) ? ""
                        : " language " + call.route().language() + ":" + call.route().languageDecision()))
                + " attempts " + (call.targetsTried().size() - call.transfers())
                + (call.transfers() == 0 ? "" : " transfers " + call.transfers())
                + " " + call.outcome()
                + " after " + Duration.between(call.offeredAt(), clock.instant()).toMillis() + " ms");
    }
}
