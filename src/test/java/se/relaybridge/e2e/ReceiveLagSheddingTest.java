package se.relaybridge.e2e;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.relaybridge.overload.ShedReason;
import se.relaybridge.routing.TargetHealth;

import javax.sip.SipStack;
import javax.sip.message.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's own delay over SIP (docs/overload.md): while relaybridge's SIP message thread is held — as a long
 * collection or a starved core would hold it — a new INVITE that arrives while datagrams wait longer than
 * {@code maxReceiveLagMillis} is refused with {@code 503} and {@code Retry-After} by the UDP receive loop itself,
 * before the thread is free again, and its retransmission again without counting it twice; the INVITE let in before
 * the wait grew is carried once the thread runs, its retransmission never refused; an OPTIONS probe meanwhile gets
 * its {@code 200} from the receive loop; the queue target whose pings go unread meanwhile is not marked
 * down, and once the thread runs again calls are admitted as before. The thread is held by a message valve the test
 * puts in front of relaybridge's, on one OPTIONS of its own.
 */
class ReceiveLagSheddingTest implements InJvmCalls {

    private static final int SIP_PORT = 39400;
    private static final int QUEUE_PORT = 39410;
    private static final int CLIENT_PORT = 39421;

    @RegisterExtension
    static final InJvmNode node = InJvmNode.on(SIP_PORT, QUEUE_PORT)
            .withSipJson("\"overload\": { \"maxReceiveLagMillis\": 200, \"retryAfterSeconds\": 3 }");
    private static final long HOLD_MILLIS = 4000;

    @Override
    public RunningB2bua running() {
        return node.running();
    }

    @Test
    void newInvitesAreRefusedAtTheSocketWhileTheOneLetInIsCarriedAndTheTargetIsNotBlamed() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        SIPTransactionStack stack = (SIPTransactionStack) node.running().b2bua().sip().provider().getSipStack();
        try (BusyQueue queue = new BusyQueue(queueIp(), QUEUE_PORT);
             RawSipClient text = new RawSipClient(TEXT_RELAY_TRUNK, CLIENT_PORT, "127.0.0.1", SIP_PORT)) {
            awaitAnswering(QUEUE_PORT);
            String target = node.running().b2bua().queues().allTargets().get(0);
            long notBlamedBefore = node.running().b2bua().targets().timeoutsNotBlamed();
            long shedBefore = node.running().b2bua().shedder().orElseThrow().shed(ShedReason.RECEIVE_LAG);
            stack.sipMessageValves.add(0, new HoldOnce(held, released));

            text.options();
            assertThat(held.await(10, TimeUnit.SECONDS)).as("the message thread is held").isTrue();
            // waits behind the held thread far beyond 200 ms, while pings to the queue go unread
            String waiting = text.invite();
            // once it has waited over the limit, the receive loop refuses the next new INVITE itself, at once
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            // but not a retransmission of the one still waiting: that goes the way its first copy goes
            text.retransmit(waiting);
            String refusedAtSocket = text.invite();
            await().atMost(Duration.ofSeconds(15)).until(() -> text.withStatus(503).stream()
                    .anyMatch(r -> r.callId().equals(refusedAtSocket)));
            assertThat(released.getCount()).as("its 503 came while the message thread was still held").isEqualTo(1);
            assertThat(text.withStatus(503)).as("the waiting INVITE's retransmission is not refused at the socket")
                    .extracting(RawSipClient.Received::callId).containsExactly(refusedAtSocket);
            // the same new INVITE again, still over the limit: refused again, not counted as another call
            text.retransmit(refusedAtSocket);
            await().atMost(Duration.ofSeconds(15)).until(() -> text.withStatus(503).size() == 2);
            assertThat(released.getCount()).isEqualTo(1);
            // a keep-alive probe meanwhile gets its 200 from the receive loop too, not a timeout behind the backlog
            String probe = text.options();
            await().atMost(Duration.ofSeconds(5)).until(() -> text.withStatus(200).stream()
                    .anyMatch(r -> r.callId().equals(probe)));
            assertThat(released.getCount()).as("the probe's 200 came while the message thread was still held").isEqualTo(1);
            RawSipClient.Received probeAnswer = text.withStatus(200).stream().filter(r -> r.callId().equals(probe))
                    .findFirst().orElseThrow();
            assertThat(probeAnswer.header("Allow")).isEqualTo("INVITE, ACK, CANCEL, BYE, OPTIONS");
            assertThat(probeAnswer.header("To")).contains(";tag=");
            // once the thread runs: the waiting INVITE, let in by the receive loop before the wait grew, is carried
            // (never refused for the wait it had already spent), its retransmission absorbed; the busy queue says 486
            await().atMost(Duration.ofSeconds(15)).until(() -> !text.withStatus(486).isEmpty());
            assertThat(text.withStatus(486)).extracting(RawSipClient.Received::callId).containsExactly(waiting);

            List<RawSipClient.Received> shed = text.withStatus(Response.SERVICE_UNAVAILABLE);
            assertThat(shed).extracting(RawSipClient.Received::callId).containsExactly(refusedAtSocket, refusedAtSocket);
            assertThat(shed).allSatisfy(r -> {
                assertThat(r.header("Retry-After")).isEqualTo("3");
                assertThat(r.header("To")).contains(";tag=");
            });
            assertThat(node.running().b2bua().shedder().orElseThrow().shed(ShedReason.RECEIVE_LAG) - shedBefore)
                    .as("one call refused, twice").isEqualTo(1);
            assertThat(node.running().b2bua().targets().timeoutsNotBlamed() - notBlamedBefore)
                    .as("pings unanswered while the node was held").isPositive();
            assertThat(node.running().b2bua().targetHealth().state(target)).as("the queue target, its pings read late")
                    .isEqualTo(TargetHealth.State.UP);
            assertThat(queue.invites()).as("only the call let in reached the queue").isEqualTo(1);

            // the thread free again: the next call is admitted and reaches the queue
            String after = text.invite();
            await().atMost(Duration.ofSeconds(10)).until(() -> text.withStatus(486).size() == 2);
            assertThat(text.withStatus(486)).extracting(RawSipClient.Received::callId).containsExactly(waiting, after);
            assertThat(queue.invites()).isEqualTo(2);
        } finally {
            stack.sipMessageValves.removeIf(HoldOnce.class::isInstance);
        }
        assertNoCallLeft();
    }

    /** Holds the message thread on the test client's first OPTIONS, as long as a long collection would. */
    private record HoldOnce(CountDownLatch held, CountDownLatch released) implements SIPMessageValve {
        @Override
        public boolean processRequest(SIPRequest request, MessageChannel channel) {
            if (held.getCount() > 0 && "OPTIONS".equals(request.getMethod()) && request.getTopmostVia() != null
                    && request.getTopmostVia().getPort() == CLIENT_PORT) {
                held.countDown();
                try {
                    Thread.sleep(HOLD_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                released.countDown();
            }
            return true;
        }

        @Override
        public boolean processResponse(Response response, MessageChannel channel) {
            return true;
        }

        @Override
        public void init(SipStack stack) {
        }

        @Override
        public void destroy() {
        }
    }
}
