package se.relaybridge.sip.udp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every datagram of one Call-ID on one message thread, however the header is written (docs/overload.md). */
class CallIdLaneTest {

    private static final int LANES = 4;

    @Test
    void theSameCallIdWrittenInEveryWayFindsTheSameLane() {
        int lane = lane("Call-ID: a84b4c76e66710@pc33.example.com");
        for (String header : new String[] {"call-id:a84b4c76e66710@pc33.example.com", "CALL-ID :  a84b4c76e66710@pc33.example.com  ",
                "i: a84b4c76e66710@pc33.example.com", "I:\ta84b4c76e66710@pc33.example.com"}) {
            assertThat(lane(header)).as(header).isEqualTo(lane);
            assertThat(CallIdLane.hashOfCallId(bytes(header), bytes(header).length))
                    .isEqualTo(CallIdLane.hashOfCallId(bytes("Call-ID: a84b4c76e66710@pc33.example.com"),
                            bytes("Call-ID: a84b4c76e66710@pc33.example.com").length));
        }
    }

    @Test
    void callIdsCompareByteForByte() {
        assertThat(CallIdLane.hashOfCallId(bytes("Call-ID: abc@h"), bytes("Call-ID: abc@h").length))
                .isNotEqualTo(CallIdLane.hashOfCallId(bytes("Call-ID: ABC@h"), bytes("Call-ID: ABC@h").length));
    }

    @Test
    void manyCallsSpreadOverEveryLane() {
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            used.add(lane("Call-ID: call-" + i + "@relay.example"));
        }
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void headersThatOnlyLookLikeCallIdAreNotIt() {
        // In-Reply-To and Info begin with an i, a body's line is no header, a datagram without Call-ID has lane 0
        byte[] noCallId = bytes("In-Reply-To: x@y", "Info: z");
        assertThat(CallIdLane.hashOfCallId(noCallId, noCallId.length)).isZero();
        byte[] inBody = ("INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\nCall-ID: in-the-body\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(CallIdLane.hashOfCallId(inBody, inBody.length)).isZero();
        assertThat(CallIdLane.of(noCallId, noCallId.length, LANES)).isZero();
        byte[] garbage = {0, 1, 2, '\n', 'i'};
        assertThat(CallIdLane.of(garbage, garbage.length, LANES)).isZero();
    }

    @Test
    void onlyTheDatagramsLengthIsRead() {
        byte[] message = bytes("Call-ID: abc@h");
        byte[] padded = java.util.Arrays.copyOf(message, message.length + 20);
        System.arraycopy(bytes("Call-ID: zzz").clone(), 0, padded, message.length, 12);
        assertThat(CallIdLane.hashOfCallId(padded, message.length)).isEqualTo(CallIdLane.hashOfCallId(message, message.length));
    }

    private static int lane(String callIdHeader) {
        byte[] message = bytes(callIdHeader);
        return CallIdLane.of(message, message.length, LANES);
    }

    private static byte[] bytes(String... headers) {
        return ("OPTIONS sip:relaybridge@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
                + String.join("\r\n", headers) + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
