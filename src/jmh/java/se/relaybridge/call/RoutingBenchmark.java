package se.relaybridge.call;

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
import se.relaybridge.relay.RelaySession;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.routing.RouteDecision;
import se.relaybridge.routing.RouteRequest;
import se.relaybridge.routing.Router;

import javax.sip.message.Request;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The routing decision of a relay call on the shipped routing.json (docs/microbenchmarks.md): the router alone, by
 * kommunkod and by the number's area code, and CallRouter's whole step (geolocation read off the INVITE, the
 * decision recorded in the call's metadata, the queue looked up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class RoutingBenchmark {

    private Router router;
    private CallRouter callRouter;
    private RouteRequest byKommunkod;
    private RouteRequest byAreaCode;
    private Call call;
    private RelaySession session;
    private Request invite;

    @Setup
    public void setUp() throws Exception {
        RelayCallFixture fixture = new RelayCallFixture();
        router = new Router(() -> fixture.routing, Clock.systemUTC());
        callRouter = new CallRouter(() -> fixture.queues, router);
        invite = fixture.invite();
        call = new Call(RelayCallFixture.CALL_ID, Runnable::run, "5f7c1e2d9a8b4c3f@127.0.0.11", "udp",
                Clock.systemUTC(), c -> { });
        call.profile(fixture.profile);
        session = MetadataExtractor.extract(fixture.profile, new InboundMetadata(
                "<sip:+46812345678@texttelefoni.example;user=phone>", "TT-4711", "0180", "sv", null,
                RelayCallFixture.SDP), call.id(), call.offeredAt());
        byKommunkod = new RouteRequest(RelayCallFixture.PROFILE, "+46812345678", "0180", null, "sv", null);
        byAreaCode = new RouteRequest(RelayCallFixture.PROFILE, "+46812345678", null, null, "sv", null);
    }

    @Benchmark
    public RouteDecision decideByKommunkod() {
        return router.decide(byKommunkod);
    }

    @Benchmark
    public RouteDecision decideByAreaCode() {
        return router.decide(byAreaCode);
    }

    @Benchmark
    public QueueSpec callRouter() {
        call.relaySession(session);
        return callRouter.route(call, invite);
    }
}
