package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.board.BoardFeed;
import se.relaybridge.board.CallView;
import se.relaybridge.call.Call;
import se.relaybridge.call.CallState;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the board and the records are told of real calls, and an operator's hang-up, relaybridge in this JVM; a
 * confirmed call lets its INVITE transactions go.
 */
class CallWatchingTest implements InJvmCalls {

    private static final int SIP_PORT = 27560;
    private static final int QUEUE_PORT = 27570;

    @TempDir
    static Path configRoot;
    private static RunningB2bua running;
    private static final BoardFeed FEED = new BoardFeed();
    private static final List<BoardFeed.Event> EVENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestConfig.write(configRoot, SIP_PORT, "sip:1177@127.0.0.1:" + QUEUE_PORT);
        running = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
        running.b2bua().registry().watch(FEED);
        FEED.subscribe(EVENTS::add);
    }

    @AfterAll
    static void stop() {
        if (running != null) {
            running.close();
        }
    }

    @BeforeEach
    void forget() {
        EVENTS.clear();
    }

    @Override
    public RunningB2bua running() {
        return running;
    }

    @Test
    void aCallIsSeenRingingAnsweredAndEndedWithItsRelayAndRegion() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("X-Relay-Municipality: 1480").withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertCompleted(relay, queue);
        assertNoCallLeft();

        await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.stream().anyMatch(e -> e.name().equals("ended")));
        assertThat(EVENTS).as(EVENTS.toString()).extracting(e -> e.name() + ":" + e.call().state())
                .containsExactly("call:ringing", "call:answered", "ended:ended");
        CallView ended = EVENTS.get(2).call();
        assertThat(ended.service()).isEqualTo("text");
        assertThat(ended.providerName()).isEqualTo("Texttelefoni.se");
        assertThat(ended.interpreterId()).isEqualTo("tolk-4711");
        assertThat(ended.region()).isEqualTo("14");
        assertThat(ended.outcome()).isEqualTo("completed:relay-hangup");
        assertThat(ended.answeredAt()).isNotNull().isAfterOrEqualTo(ended.offeredAt());
        assertThat(ended.endedAt()).isAfterOrEqualTo(ended.answeredAt());
        assertThat(FEED.activeCalls()).isEmpty();
        assertThat(FEED.snapshot().recent().get(0).callId()).isEqualTo(ended.callId());
    }

    @Test
    void aRefusedCallIsSeenOnlyAsRefused() {
        SippPeer stranger = relay(STRANGER, Scenario.of("relay_uac_refused.xml").with("STATUS", "403"));
        assertThat(stranger.awaitExit(CALL_LIMIT)).as(stranger.report()).isZero();

        await().atMost(Duration.ofSeconds(5)).until(() -> !EVENTS.isEmpty());
        assertThat(EVENTS).extracting(e -> e.name() + ":" + e.call().state()).containsExactly("ended:refused");
        assertThat(EVENTS.get(0).call().outcome()).startsWith("refused:403");
    }

    @Test
    void anOperatorHangsUpACallOnBothLegs() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").with("SETTLE", "")
                .withFragment("HANGUP_BLOCK", "receives_bye"));
        await().atMost(Duration.ofSeconds(5)).until(() -> FEED.activeCalls().stream()
                .anyMatch(c -> c.state() == CallState.CONFIRMED));
        String callId = FEED.activeCalls().get(0).callId();
        // a confirmed call holds its dialogs and its INVITE, not the set-up's transactions (Leg#releaseInviteTransaction)
        Call call = running.b2bua().registry().call(callId).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(call.relay().inviteServer()).as("the relay's INVITE transaction").isNull();
            assertThat(call.queue().inviteClient()).as("the queue's INVITE transaction").isNull();
        });
        assertThat(call.relay().invite().getMethod()).isEqualTo("INVITE");

        assertThat(running.b2bua().hangUp(callId)).isTrue();

        assertCompleted(relay, queue);
        assertNoCallLeft();
        await().atMost(Duration.ofSeconds(5)).until(() -> EVENTS.stream().anyMatch(e -> e.name().equals("ended")));
        assertThat(EVENTS.get(EVENTS.size() - 1).call().outcome()).isEqualTo("completed:operator-hangup");
        assertThat(running.b2bua().hangUp(callId)).as("a call that is gone").isFalse();
    }
}
