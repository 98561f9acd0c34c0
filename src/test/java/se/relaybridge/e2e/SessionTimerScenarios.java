package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Session timers (RFC 4028) against a relaybridge configured with a 4 s session and a 2 s Min-SE, so the
 * scenarios run in seconds: relaybridge refreshes the queue leg and ends a call whose queue stops answering
 * refreshes, enforces the relay's own refreshes, and refuses a relay session shorter than its Min-SE.
 */
public interface SessionTimerScenarios extends SippCalls {

    String SESSION_EXPIRES = "4";

    /** How the calls since the last {@link #forgetOutcomes()} ended, where the test can see that. */
    Optional<List<String>> outcomes();

    void forgetOutcomes();

    @Test
    default void aQueueThatStopsAnsweringRefreshesIsEndedOnBothLegsAndRecorded() {
        forgetOutcomes();
        SippPeer queue = queue(Scenario.of("queue_uas_session_timer.xml").with("SESSION_EXPIRES", SESSION_EXPIRES)
                .withFragment("REFRESH_BLOCK", "uas_ignores_refreshes"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);

        SipText invite = queue.received("INVITE");
        assertThat(invite.header("Session-Expires")).hasValue(SESSION_EXPIRES);
        assertThat(invite.headers("Supported")).anySatisfy(v -> assertThat(v).contains("timer"));
        SipText refresh = queue.received("UPDATE");
        assertThat(refresh.header("Session-Expires")).hasValue(SESSION_EXPIRES + ";refresher=uac");
        assertThat(seen(queue, true, "BYE", null)).as("the silent queue's leg ended by BYE").isNotEmpty();
        assertThat(seen(relay, true, "BYE", null)).as("the relay's leg ended by BYE").isNotEmpty();
        assertNoCallLeft();
        outcomes().ifPresent(o -> assertThat(o).containsExactly("failed:session-timer:queue"));
    }

    @Test
    default void answeredRefreshesKeepTheCallUpPastTheSessionInterval() {
        forgetOutcomes();
        SippPeer queue = queue(Scenario.of("queue_uas_session_timer.xml").with("SESSION_EXPIRES", SESSION_EXPIRES)
                .withFragment("REFRESH_BLOCK", "uas_answers_refreshes"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("MIDCALL_BLOCK", "  <pause milliseconds=\"7000\"/>")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(queue.receivedAll().stream().filter(m -> m.method().equals("UPDATE")).count()).isGreaterThanOrEqualTo(2);
        assertNoCallLeft();
        outcomes().ifPresent(o -> assertThat(o).containsExactly("completed:relay-hangup"));
    }

    @Test
    default void aRelayThatDoesNotRefreshItsOwnSessionIsEnded() {
        forgetOutcomes();
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("Supported: timer", "Session-Expires: " + SESSION_EXPIRES)
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);
        SipText ok = seen(relay, true, "SIP/2.0 200", "INVITE").get(0);
        assertThat(ok.header("Session-Expires")).hasValue(SESSION_EXPIRES + ";refresher=uac");
        assertThat(ok.headers("Require")).anySatisfy(v -> assertThat(v).contains("timer"));
        assertThat(seen(queue, true, "BYE", null)).as("the queue's leg ended by BYE").isNotEmpty();
        assertThat(seen(relay, true, "BYE", null)).as("the silent relay's leg ended by BYE").isNotEmpty();
        assertNoCallLeft();
        outcomes().ifPresent(o -> assertThat(o).containsExactly("failed:session-timer:relay"));
    }

    @Test
    default void aRelaySessionShorterThanMinSeGets422() {
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "422")
                .withInviteHeaders("Supported: timer", "Session-Expires: 1"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("relay" + relay.report()).isZero();
        assertThat(seen(relay, true, "SIP/2.0 422", null).get(0).header("Min-SE")).hasValue("2");
        assertNoCallLeft();
    }
}
