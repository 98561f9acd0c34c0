package se.relaybridge.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
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

import java.util.concurrent.TimeUnit;

/**
 * A typical relay INVITE parsed as a datagram (docs/microbenchmarks.md): by the JAIN SIP RI parser alone, and by
 * relaybridge's ScreeningParser (the RI's parse plus the screening of docs/sip-edge.md), which the stack uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SipParseBenchmark {

    private byte[] datagram;
    private StringMsgParser ri;
    private ScreeningParser screening;

    @Setup
    public void setUp() {
        datagram = new RelayCallFixture().inviteBytes();
        ri = new StringMsgParser();
        screening = new ScreeningParser(MessageSizeLimit.DEFAULT_BYTES);
    }

    @Benchmark
    public SIPMessage riParser() throws Exception {
        return ri.parseSIPMessage(datagram, true, false, null);
    }

    @Benchmark
    public SIPMessage screeningParser() throws Exception {
        return screening.parseSIPMessage(datagram, true, false, null);
    }
}
