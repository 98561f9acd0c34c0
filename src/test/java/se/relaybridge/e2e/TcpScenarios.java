package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import static org.assertj.core.api.Assertions.assertThat;

/** A relay call over TCP on both legs: the relay trunk connects over TCP and the queue target says transport=tcp. */
public interface TcpScenarios extends SippCalls {

    @Test
    default void aCallOverTcpCompletesOnBothLegs() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
        SippPeer relay = SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), CALL_LIMIT, "tcp");
        assertCompleted(relay, queue);
        SipText invite = queue.received("INVITE");
        assertThat(invite.headers("Via")).singleElement().satisfies(v -> assertThat(v).startsWith("SIP/2.0/TCP"));
        assertThat(invite.header("Contact")).hasValueSatisfying(v -> assertThat(v).contains("transport=tcp"));
        assertThat(invite.header("X-Relay-Provider")).hasValue("texttelefoni");
        assertThat(relay.received("BYE").headers("Via")).singleElement().satisfies(v -> assertThat(v).startsWith("SIP/2.0/TCP"));
        assertNoCallLeft();
    }
}
