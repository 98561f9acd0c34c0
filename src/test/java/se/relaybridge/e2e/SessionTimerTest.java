package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.call.B2bua;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static se.relaybridge.e2e.SippCalls.seen;

/**
 * Session timers (RFC 4028) with a 4 s session so the test runs in seconds: relaybridge refreshes the queue
 * leg and ends a call whose queue stops answering refreshes, enforces the relay's own refreshes, and refuses
 * a relay session shorter than its Min-SE with 422.
 */
class SessionTimerTest implements SippCalls {

    private static final int SIP_PORT = 28060;
    private static final int QUEUE_PORT = 28070;
    private static final String SESSION_EXPIRES = "4";

    @TempDir
    static Path configRoot;
    private static ExecutorService pool;
    private static B2bua b2bua;
    private static final List<String> outcomes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pool = Executors.newFixedThreadPool(4);
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"sessionTimer\": { \"sessionExpiresSeconds\": 4, \"minSeSeconds\": 2 }",
                "sip:1177@127.0.0.1:" + QUEUE_PORT);
        b2bua = B2bua.start(ConfigLocation.of(configRoot), pool, Clock.systemUTC());
        b2bua.registry().onFinished(call -> outcomes.add(call.outcome()));
    }

    @AfterAll
    static void stop() {
        if (b2bua != null) {
            b2bua.stop();
        }
        pool.shutdownNow();
    }

    @BeforeEach
    void clearOutcomes() {
        outcomes.clear();
    }

    @Test
    void aQueueThatStopsAnsweringRefreshesIsEndedOnBothLegsAndRecorded() {
        SippPeer queue = queue(Scenario.of("queue_uas_session_timer.xml").with("SESSION_EXPIRES", SESSION_EXPIRES)
                .withFragment("REFRESH_BLOCK", "uas_ignores_refreshes"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);

        SipText invite = queue.received("INVITE");
        assertThat(invite.header("Session-Expires")).hasValue(SESSION_EXPIRES);
        assertThat(invite.header("Supported")).hasValueSatisfying(v -> assertThat(v).contains("timer"));
        SipText refresh = queue.received("UPDATE");
        assertThat(refresh.header("Session-Expires")).hasValue(SESSION_EXPIRES + ";refresher=uac");
        assertNoCallLeft();
        assertThat(outcomes).containsExactly("failed:session-timer:queue");
    }

    @Test
    void answeredRefreshesKeepTheCallUpPastTheSessionInterval() {
        SippPeer queue = queue(Scenario.of("queue_uas_session_timer.xml").with("SESSION_EXPIRES", SESSION_EXPIRES)
                .withFragment("REFRESH_BLOCK", "uas_answers_refreshes"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .with("MIDCALL_BLOCK", "  <pause milliseconds=\"7000\"/>")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertThat(queue.receivedAll().stream().filter(m -> m.method().equals("UPDATE")).count()).isGreaterThanOrEqualTo(2);
        assertNoCallLeft();
        assertThat(outcomes).containsExactly("completed:relay-hangup");
    }

    @Test
    void aRelayThatDoesNotRefreshItsOwnSessionIsEnded() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("Supported: timer", "Session-Expires: " + SESSION_EXPIRES)
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);
        SipText ok = seen(relay, true, "SIP/2.0 200", "INVITE").get(0);
        assertThat(ok.header("Session-Expires")).hasValue(SESSION_EXPIRES + ";refresher=uac");
        assertThat(ok.headers("Require")).anySatisfy(v -> assertThat(v).contains("timer"));
        assertNoCallLeft();
        assertThat(outcomes).containsExactly("failed:session-timer:relay");
    }

    @Test
    void aRelaySessionShorterThanMinSeGets422() {
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_refused.xml").with("STATUS", "422")
                .withInviteHeaders("Supported: timer", "Session-Expires: 1"));
        assertThat(relay.awaitExit(CALL_LIMIT)).as("relay" + relay.report()).isZero();
        assertThat(seen(relay, true, "SIP/2.0 422", null).get(0).header("Min-SE")).hasValue("2");
        assertNoCallLeft();
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + SIP_PORT;
    }

    @Override
    public String queueIp() {
        return "127.0.0.1";
    }

    @Override
    public int queuePort() {
        return QUEUE_PORT;
    }

    @Override
    public int activeCalls() {
        return b2bua.registry().size();
    }

}
