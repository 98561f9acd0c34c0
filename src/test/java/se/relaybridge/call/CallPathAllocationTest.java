package se.relaybridge.call;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.relaybridge.bench.RelayCallFixture;
import se.relaybridge.relay.InboundMetadata;
import se.relaybridge.relay.MetadataBody;
import se.relaybridge.relay.MetadataExtractor;
import se.relaybridge.relay.RelaySession;
import se.relaybridge.relay.SdpMedia;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.RouteRequest;
import se.relaybridge.routing.Router;

import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Allocation budgets of the call path's hot steps (docs/microbenchmarks.md): bytes allocated per operation by this
 * thread, never time. Each budget lies between what the step allocated before its cut and after, nearer the
 * former: in the whole suite the JIT has seen other callers of these classes and scalar-replaces less. A cut undone
 * (a regex compiled per call again, a header parsed per call again) fails here.
 * The figures are this test's, on the test classpath; its JSON-P provider allocates more than the benchmark jar's
 * (Parsson, as in Payara), so they are higher than docs/microbenchmarks.md's.
 */
class CallPathAllocationTest {

    private static final int ROUNDS = 20_000;
    private static final Instant START = Instant.parse("2026-03-04T09:15:30.250Z");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static RelayCallFixture fixture;
    private static InboundMetadata inbound;
    private static RelaySession routed;
    private static Router router;

    @BeforeAll
    static void setUp() {
        fixture = new RelayCallFixture();
        inbound = new InboundMetadata("<sip:+46812345678@texttelefoni.example;user=phone>", "TT-4711", "0180", "sv",
                "ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000", RelayCallFixture.SDP);
        router = new Router(() -> fixture.routing, Clock.systemUTC());
        RelaySession session = MetadataExtractor.extract(fixture.profile, inbound, RelayCallFixture.CALL_ID, START);
        routed = session.withRoute(router.decide(new RouteRequest(session.provider().id(), session.personNumber(),
                session.municipality(), null, "sv", START)));
    }

    /** Before the cut 19.7 kB (regexes compiled per call: SDP lines, m-line fields, hlang tags, languages), after 9.8 kB. */
    @Test
    void metadataExtractionStaysWithinItsBudget() throws Exception {
        assertThat(bytesPerOp(() -> MetadataExtractor.extract(fixture.profile, inbound, RelayCallFixture.CALL_ID, START)))
                .isLessThan(15_000);
    }

    /** Before 8.4 kB, after 5.4 kB. */
    @Test
    void sdpReadingStaysWithinItsBudget() throws Exception {
        assertThat(bytesPerOp(() -> SdpMedia.parse(RelayCallFixture.SDP))).isLessThan(7_300);
    }

    /** Before 4.2 kB (the area-code regex compiled per decision, every tag through the full grammar), after 2.2 kB. */
    @Test
    void routingDecisionStaysWithinItsBudget() throws Exception {
        RouteRequest request = new RouteRequest(RelayCallFixture.PROFILE, "+46812345678", "0180", null, "sv", null);
        assertThat(bytesPerOp(() -> router.decide(request))).isLessThan(3_500);
    }

    /** Before 19.6 kB (a growing stream copied at each doubling, then once more), after 15.0 kB. */
    @Test
    void metadataBodyStaysWithinItsBudget() throws Exception {
        byte[] sdp = RelayCallFixture.SDP.getBytes(StandardCharsets.UTF_8);
        assertThat(bytesPerOp(() -> MetadataBody.builder(routed, "127.0.0.1").sdp(sdp).build().bytes()))
                .isLessThan(17_500);
    }

    /**
     * Before 41.2 kB (Contact, Content-Type, X-Relay-* and the fixed headers each through a new parser), after 29.3 kB.
     */
    @Test
    void queueInviteStaysWithinItsBudget() throws Exception {
        Request relayInvite = fixture.invite();
        QueueInviteBuilder builder = new QueueInviteBuilder(new SipMessaging(fixture.sip), SessionTimerPolicy.DEFAULT);
        Call call = new Call(RelayCallFixture.CALL_ID, Runnable::run, "5f7c1e2d9a8b4c3f@127.0.0.11", "udp",
                Clock.systemUTC(), c -> { });
        call.profile(fixture.profile);
        call.relaySession(MetadataExtractor.extract(fixture.profile, inbound, call.id(), call.offeredAt()));
        QueueSpec queue = new CallRouter(() -> fixture.queues, router).route(call, relayInvite);
        call.route(queue, queue.targets(), 69, fixture.queues.failover());
        URI target = fixture.sip.addresses().createURI(queue.targets().get(0));
        CallIdHeader callId = fixture.sip.headers().createCallIdHeader("4b2e8f1c9d7a6e5b@127.0.0.1");
        assertThat(bytesPerOp(() -> builder.build(call, relayInvite, call.profile(), target, callId, 69, "udp")))
                .isLessThan(37_000);
    }

    /** Bytes this thread allocates per call of {@code op}, after as many calls to warm it up. */
    private static long bytesPerOp(Callable<?> op) throws Exception {
        Object sink = null;
        for (int i = 0; i < ROUNDS; i++) {
            sink = op.call();
        }
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < ROUNDS; i++) {
            sink = op.call();
        }
        long bytes = (THREADS.getThreadAllocatedBytes(thread) - before) / ROUNDS;
        assertThat(sink).isNotNull();
        return bytes;
    }
}
