package se.relaybridge.call;

import gov.nist.javax.sip.message.SIPRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import se.relaybridge.bench.RelayCallFixture;
import se.relaybridge.relay.InboundMetadata;
import se.relaybridge.relay.MetadataExtractor;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.Router;

import javax.sip.address.URI;
import javax.sip.header.CallIdHeader;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The INVITE towards the nurse queue built from the relay's INVITE (docs/microbenchmarks.md): allow-listed headers,
 * X-Relay-* headers, session timer, the multipart body; and that INVITE encoded for the wire as the stack sends it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class QueueInviteBenchmark {

    private QueueInviteBuilder builder;
    private Call call;
    private Request relayInvite;
    private URI target;
    private CallIdHeader callId;

    @Setup
    public void setUp() throws Exception {
        RelayCallFixture fixture = new RelayCallFixture();
        relayInvite = fixture.invite();
        builder = new QueueInviteBuilder(new SipMessaging(fixture.sip), SessionTimerPolicy.DEFAULT);
        call = new Call(RelayCallFixture.CALL_ID, Runnable::run, "5f7c1e2d9a8b4c3f@127.0.0.11", "udp",
                Clock.systemUTC(), c -> { });
        call.profile(fixture.profile);
        byte[] sdp = QueueInviteBuilder.sdpOf(relayInvite);
        call.relaySession(MetadataExtractor.extract(fixture.profile, new InboundMetadata(
                "<sip:+46812345678@texttelefoni.example;user=phone>", "TT-4711", "0180", "sv",
                "ab30317f1a784dc48ff824d0d3715d86", new String(sdp, StandardCharsets.UTF_8)),
                call.id(), call.offeredAt()));
        QueueSpec queue = new CallRouter(() -> fixture.queues, new Router(() -> fixture.routing, Clock.systemUTC()))
                .route(call, relayInvite);
        call.route(queue, queue.targets(), 69, fixture.queues.failover());
        target = fixture.sip.addresses().createURI(queue.targets().get(0));
        callId = fixture.sip.headers().createCallIdHeader("4b2e8f1c9d7a6e5b@127.0.0.1");
    }

    @Benchmark
    public Request build() throws Exception {
        return builder.build(call, relayInvite, call.profile(), target, callId, call.maxForwards(), "udp");
    }

    /** What the stack does with it next: the datagram's bytes. */
    @Benchmark
    public byte[] buildAndEncode() throws Exception {
        return ((SIPRequest) build()).encodeAsBytes("udp");
    }
}
