package se.relaybridge.relay;

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
import se.relaybridge.routing.RouteRequest;
import se.relaybridge.routing.Router;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The relay metadata of one call (docs/microbenchmarks.md): read from the relay's INVITE values, written as the
 * JSON the nurse's desk gets, and wrapped with the SDP into the multipart/mixed body of the queue INVITE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MetadataBenchmark {

    private static final Instant START = Instant.parse("2026-03-04T09:15:30.250Z");

    private RelayCallFixture fixture;
    private InboundMetadata inbound;
    private RelaySession routed;
    private byte[] sdp;

    @Setup
    public void setUp() {
        fixture = new RelayCallFixture();
        // what the admission reads off the relay's INVITE (its header values and its SDP)
        inbound = new InboundMetadata("<sip:+46812345678@texttelefoni.example;user=phone>", "TT-4711", "0180", "sv",
                "ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000", RelayCallFixture.SDP);
        RelaySession session = MetadataExtractor.extract(fixture.profile, inbound, RelayCallFixture.CALL_ID, START);
        Router router = new Router(() -> fixture.routing, Clock.systemUTC());
        routed = session.withRoute(router.decide(new RouteRequest(session.provider().id(), session.personNumber(),
                session.municipality(), null, "sv", START)));
        sdp = RelayCallFixture.SDP.getBytes(StandardCharsets.UTF_8);
    }

    /** The metadata extracted from the INVITE's values: SDP media, number, kommunkod, languages, Session-ID. */
    @Benchmark
    public RelaySession extract() {
        return MetadataExtractor.extract(fixture.profile, inbound, RelayCallFixture.CALL_ID, START);
    }

    /** The application/vnd.relaybridge.relay+json part alone (JSON-B, as in Payara). */
    @Benchmark
    public String json() {
        return RelaySessionJson.toJson(routed);
    }

    /** The whole multipart/mixed body of the queue INVITE: SDP, relay JSON, Content-IDs, boundary. */
    @Benchmark
    public byte[] body() {
        MetadataBody body = MetadataBody.builder(routed, "127.0.0.1").sdp(sdp).build();
        return body.bytes();
    }
}
