package se.relaybridge.call;

import org.junit.jupiter.api.Test;
import se.relaybridge.routing.FailoverPolicy;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.QueueSpec;
import se.relaybridge.sip.ListeningPointSpec;
import se.relaybridge.sip.SipSettings;

import javax.sip.SipFactory;
import javax.sip.message.Request;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a nurse's REFER sends the call, and which REFERs are refused before anything is tried. */
class TransferTargetTest {

    private static final SipSettings SETTINGS = SipSettings.of("127.0.0.1", "rb.example",
            List.of(new ListeningPointSpec("udp", 5060), new ListeningPointSpec("tcp", 5060)), "t");
    private static final QueueSpec NURSE = queue("nurse", false, "sip:1177@10.0.0.1:5070", "sip:1177@10.0.0.2:5070");
    private static final QueueSpec SOS = queue("112", true, "sip:112@sos.example;transport=tcp");
    private static final QueueDirectory QUEUES = new QueueDirectory(Map.of("nurse", NURSE, "112", SOS), "nurse",
            FailoverPolicy.DEFAULT);
    /** The second nurse server answers pings, the first does not: it comes first. */
    private static final UnaryOperator<List<String>> HEALTH = targets -> targets.size() == 2
            ? List.of(targets.get(1), targets.get(0)) : targets;

    @Test
    void aQueueIdAtRelaybridgesHostMeansThatQueuesHealthiestTarget() throws Exception {
        TransferTarget target = of("<sip:nurse@rb.example:5060>");
        assertThat(target.queue().id()).isEqualTo("nurse");
        assertThat(target.uri().toString()).isEqualTo("sip:1177@10.0.0.2:5070");
        assertThat(target.transport()).isEqualTo("udp");
        assertThat(target.replaces()).isNull();
        assertThat(target.fallbacks()).containsExactly("sip:1177@10.0.0.1:5070");
        TransferTarget next = target.next(SETTINGS).orElseThrow();
        assertThat(next.uri().toString()).isEqualTo("sip:1177@10.0.0.1:5070");
        assertThat(next.queue().id()).isEqualTo("nurse");
        assertThat(next.next(SETTINGS)).as("every target tried").isEmpty();
    }

    @Test
    void oneOfAQueuesTargetsTakesThatQueuesPresentation() throws Exception {
        TransferTarget target = of("<sip:112@sos.example;transport=tcp>");
        assertThat(target.queue().isEmergency()).isTrue();
        assertThat(target.transport()).isEqualTo("tcp");
    }

    @Test
    void telOneOneTwoIsTheEmergencyQueue() throws Exception {
        TransferTarget target = of("<tel:112>");
        assertThat(target.queue().id()).isEqualTo("112");
        assertThat(target.uri().toString()).isEqualTo("sip:112@sos.example;transport=tcp");
    }

    @Test
    void anyOtherSipUriIsCalledAsItIsWithMetadata() throws Exception {
        TransferTarget target = of("<sip:specialist@clinic.example>");
        assertThat(target.queue().id()).isEqualTo("transfer");
        assertThat(target.queue().sendsMetadataBody()).isTrue();
        assertThat(target.queue().sendsEmergencyCallData()).isFalse();
        assertThat(target.uri().toString()).isEqualTo("sip:specialist@clinic.example");
        assertThat(target.next(SETTINGS)).as("a URI of its own has nothing to fail over to").isEmpty();
    }

    @Test
    void anAttendedTransfersReplacesIsTakenOutOfTheUriAndDecoded() throws Exception {
        TransferTarget target = of("<sip:specialist@clinic.example?Replaces=a%2Bb%40c%3Bto-tag%3D1%3Bfrom-tag%3D2>");
        assertThat(target.replaces()).isEqualTo("a+b@c;to-tag=1;from-tag=2");
        assertThat(target.uri().toString()).isEqualTo("sip:specialist@clinic.example");
    }

    @Test
    void refusedBeforeAnythingIsTried() throws Exception {
        assertRefused(null, 400, "Missing Refer-To");
        assertRefused("<sip:a@b.example?Replaces=nonsense>", 400, "Bad Replaces in Refer-To");
        assertRefused("<tel:+46812345678>", 404, "No queue for this tel: URI");
        assertRefused("<sip:x@y.example;transport=tls>", 403, "Transport tls not served");
    }

    private static void assertRefused(String referTo, int status, String reason) throws Exception {
        Request refer = refer(referTo);
        assertThatThrownBy(() -> TransferTarget.of(refer, QUEUES, SETTINGS, HEALTH))
                .isInstanceOfSatisfying(TransferTarget.Refused.class, r -> assertThat(r.status()).isEqualTo(status))
                .hasMessage(reason);
    }

    private static TransferTarget of(String referTo) throws Exception {
        return TransferTarget.of(refer(referTo), QUEUES, SETTINGS, HEALTH);
    }

    private static Request refer(String referTo) throws Exception {
        String text = "REFER sip:rb.example SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5070;branch=z9hG4bK-1\r\n"
                + "From: <sip:nurse@10.0.0.1>;tag=1\r\nTo: <sip:rb.example>;tag=2\r\n"
                + "Call-ID: c1\r\nCSeq: 2 REFER\r\nMax-Forwards: 70\r\n"
                + (referTo == null ? "" : "Refer-To: " + referTo + "\r\n")
                + "Content-Length: 0\r\n\r\n";
        return SipFactory.getInstance().createMessageFactory().createRequest(text);
    }

    private static QueueSpec queue(String id, boolean emergency, String... targets) {
        return new QueueSpec(id, id, List.of(targets), null, null, null, null, null, null, emergency);
    }
}
