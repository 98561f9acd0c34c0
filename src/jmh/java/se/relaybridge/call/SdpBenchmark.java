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
import se.relaybridge.relay.SdpMedia;

import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * SDP handling (docs/microbenchmarks.md): the SDP taken out of the relay's INVITE (every call), read for the relay
 * metadata (every call), and the edits and comparison of a transfer (SdpRewrite).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SdpBenchmark {

    private Request invite;
    private byte[] offer;
    private byte[] held;

    @Setup
    public void setUp() throws Exception {
        invite = new RelayCallFixture().invite();
        offer = RelayCallFixture.SDP.getBytes(StandardCharsets.UTF_8);
        held = RelayCallFixture.HELD_SDP.getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] sdpOfInvite() {
        return QueueInviteBuilder.sdpOf(invite);
    }

    @Benchmark
    public SdpMedia parseMedia() {
        return SdpMedia.parse(RelayCallFixture.SDP);
    }

    /** A transfer offers the relay's held SDP to the new party with its media flowing. */
    @Benchmark
    public byte[] rewriteFlowing() {
        return SdpRewrite.flowing(held);
    }

    /** A transfer target's answer as the next version of the session the relay knows. */
    @Benchmark
    public byte[] rewriteContinuing() {
        return SdpRewrite.continuing(offer, held);
    }

    @Benchmark
    public boolean compareSameMedia() {
        return SdpRewrite.sameMedia(offer, held);
    }
}
