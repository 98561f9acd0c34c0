package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * The nurse queue has two targets, tried in order. A target that does not respond within the setup timeout
 * is passed over for the next; when none responds the relay gets 503 with Retry-After.
 */
public interface FailoverScenarios extends SippCalls {

    /** The queue's second target. */
    int backupQueuePort();

    @Test
    default void callMovesToTheSecondTargetWhenTheFirstIsDown() {
        SippPeer backup = queueTarget(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                backupQueuePort());
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, backup);
        assertThat(backup.received("INVITE").header("X-Relay-Provider")).hasValue("texttelefoni");
        assertNoCallLeft();
    }

    @Test
    default void noTargetAnsweringGives503WithRetryAfter() {
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "503"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("relay" + relay.report()).isZero();
        // one refusal; over UDP it is repeated until the relay's ACK arrives (RFC 3261 §17.2.1), the same response
        List<SipText> refusals = seen(relay, true, "SIP/2.0 503", "INVITE");
        assertThat(refusals.stream().map(r -> r.header("To").orElse("")).distinct()).hasSize(1);
        assertThat(refusals.get(0).header("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("\\d+"));
        assertNoCallLeft();
    }

    @Test
    default void serverErrorsFromBothTargetsAreTriedInTurnThenGive503() {
        Scenario failing = Scenario.of("queue_uas_reject.xml").with("STATUS", "500").with("REASON", "Server Internal Error");
        SippPeer first = queue(failing);
        SippPeer backup = queueTarget(Scenario.of("queue_uas_reject.xml").with("STATUS", "502").with("REASON", "Bad Gateway"),
                backupQueuePort());
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "503"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("relay" + relay.report()).isZero();
        assertThat(first.awaitExit(CALL_LIMIT)).as("first target" + first.report()).isZero();
        assertThat(backup.awaitExit(CALL_LIMIT)).as("second target" + backup.report()).isZero();
        assertNoCallLeft();
    }
}
