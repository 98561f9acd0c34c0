package se.relaybridge.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a nurse gets of a stranger's call with {@code "untrustedCalls": "admit"} (docs/trust-and-floods.md), read at a
 * queue (a JAIN SIP UAS) over real SIP from a SIPp caller: nothing it sends looks like a relay or an emergency — its
 * display name is replaced by the stranger mark, and no Priority, Subject, identity, X-Relay-*, Call-Info, Alert-Info,
 * User-to-User or Geolocation of its own, and none of its body parts but the SDP, reach the queue. A trusted trunk's
 * P-Preferred-Identity never reaches the queue either (RFC 3325 §9.1), nor a Call-Info of the trunk's own.
 */
class StrangerPresentationTest implements InJvmCalls {

    private static final int SIP_PORT = 34060;
    private static final int QUEUE_PORT = 34070;
    private static final String STRANGER_IP = "127.0.0.98";
    private static final String BOUNDARY = "stranger-parts";

    /** The stranger's INVITE: a relay's presentation, an emergency, and relay metadata, all self-asserted. */
    private static final String STRANGER_INVITE = """
              <send retrans="500">
                <![CDATA[
            INVITE sip:1177@[remote_ip]:[remote_port] SIP/2.0
            Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
            From: "Texttelefon via tolk +46701234567" <sip:+46701234567@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
            To: <sip:1177@[remote_ip]:[remote_port]>
            Call-ID: [call_id]
            CSeq: 1 INVITE
            Contact: <sip:relay@[local_ip]:[local_port];transport=[transport]>
            Max-Forwards: 70
            Priority: emergency
            Subject: Texttelefon via tolk
            P-Asserted-Identity: <sip:+46701234567@texttelefoni.example;user=phone>
            P-Preferred-Identity: <sip:+46701234567@texttelefoni.example;user=phone>
            X-Relay-Service: text
            X-Relay-Provider: texttelefoni
            X-Relay-Interpreter: tolk-17
            X-Relay-Call-Id: rb-0000000000000000
            X-Relay-Callback: <sip:+46701234567@callback.texttelefoni.example>
            Call-Info: <cid:provider@stranger.example>;purpose=EmergencyCallData.ProviderInfo
            Call-Info: <cid:relay@stranger.example>;purpose=relay-metadata
            Alert-Info: <urn:alert:service:relay>
            User-to-User: 0123456789abcdef;encoding=hex
            Geolocation: <cid:location@stranger.example>
            Geolocation-Routing: yes
            Session-ID: 0123456789abcdef0123456789abcdef;remote=00000000000000000000000000000000
            Accept-Language: sv
            Content-Type: multipart/mixed;boundary=%1$s
            Content-Length: [len]

            --%1$s
            Content-Type: application/sdp

            v=0
            o=stranger 1 1 IN IP4 [local_ip]
            s=-
            c=IN IP4 [local_ip]
            t=0 0
            m=audio 49170 RTP/AVP 0
            a=rtpmap:0 PCMU/8000

            --%1$s
            Content-Type: application/EmergencyCallData.ProviderInfo+xml
            Content-ID: <provider@stranger.example>

            <?xml version="1.0" encoding="UTF-8"?>
            <ProviderInfo xmlns="urn:ietf:params:xml:ns:EmergencyCallData:ProviderInfo"><DataProviderString>Texttelefoni.se</DataProviderString></ProviderInfo>
            --%1$s
            Content-Type: application/vnd.relaybridge.relay+json
            Content-ID: <relay@stranger.example>

            {"service":"text","provider":{"id":"texttelefoni"},"emergency":true}
            --%1$s--
                ]]>
              </send>
            """.formatted(BOUNDARY);

    /** Every header a stranger's call may carry to the queue: relaybridge's own, and the two RFC ones it passes. */
    private static final Set<String> STRANGER_CALL_HEADERS = Set.of("via", "max-forwards", "from", "to", "call-id",
            "cseq", "contact", "user-agent", "max-breadth", "session-id", "accept-language", "supported",
            "session-expires", "min-se", "content-type", "content-length");

    @TempDir
    static Path configRoot;
    private static RunningB2bua relaybridge;
    private static JsipQueue queue;

    @BeforeAll
    static void start() throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"untrustedCalls\": \"admit\"", "sip:1177@127.0.0.1:" + QUEUE_PORT);
        queue = new JsipQueue("rb-stranger-test-queue", "127.0.0.1", QUEUE_PORT);
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, QUEUE_PORT);
    }

    @AfterAll
    static void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
        if (queue != null) {
            queue.close();
        }
    }

    @BeforeEach
    void clear() {
        queue.clear();
    }

    @Test
    void aStrangersCallLooksLikeNoRelayAndNoEmergencyToTheNurse() {
        SippPeer stranger = SippPeer.uac(Scenario.of("relay_uac_call.xml").with("INVITE_BLOCK", STRANGER_INVITE)
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"), STRANGER_IP, 34091, relaybridge(), CALL_LIMIT);
        assertThat(stranger.awaitExit(CALL_LIMIT)).as("stranger" + stranger.report()).isZero();
        Request invite = inviteAtQueue();

        FromHeader from = (FromHeader) invite.getHeader(FromHeader.NAME);
        assertThat(from.getAddress().getDisplayName()).isEqualTo("Okänd, ej via tolktjänst");
        assertThat(from.getAddress().getURI().toString()).startsWith("sip:+46701234567@127.0.0.1");
        assertThat(headerNames(invite)).as("headers of the stranger's INVITE at the queue")
                .isSubsetOf(STRANGER_CALL_HEADERS)
                .doesNotContain("priority", "subject", "p-asserted-identity", "p-preferred-identity", "call-info",
                        "alert-info", "user-to-user", "geolocation", "geolocation-routing");
        assertThat(values(invite, "Session-ID")).containsExactly("0123456789abcdef0123456789abcdef;remote=00000000000000000000000000000000");
        assertThat(values(invite, "Accept-Language")).containsExactly("sv");
        ContentTypeHeader type = (ContentTypeHeader) invite.getHeader(ContentTypeHeader.NAME);
        assertThat(type.getContentType() + "/" + type.getContentSubType()).isEqualTo("application/sdp");
        String body = new String(invite.getRawContent(), StandardCharsets.UTF_8);
        assertThat(body).startsWith("v=0").contains("m=audio 49170 RTP/AVP 0")
                .doesNotContain("EmergencyCallData", "ProviderInfo", "texttelefoni", BOUNDARY);
        assertNoCallLeft();
    }

    @Test
    void aTrustedTrunksPreferredIdentityAndCallInfoNeverReachTheQueue() {
        SippPeer trunk = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml")
                .withInviteHeaders("P-Preferred-Identity: <sip:+46811111111@texttelefoni.example;user=phone>",
                        "Call-Info: <https://texttelefoni.example/icon.png>;purpose=icon")
                .withFragment("HANGUP_BLOCK", "uac_sends_bye"));
        assertThat(trunk.awaitExit(CALL_LIMIT)).as("trunk" + trunk.report()).isZero();
        Request invite = inviteAtQueue();
        assertThat(invite.getHeader("P-Preferred-Identity")).isNull();
        assertThat(values(invite, "P-Asserted-Identity")).as("the trunk's own assertion is trusted").hasSize(1);
        assertThat(values(invite, "Call-Info")).as("only relaybridge's pointers to its own body parts")
                .isNotEmpty().allSatisfy(v -> assertThat(v).startsWith("<cid:").doesNotContain("texttelefoni.example/icon"));
        assertNoCallLeft();
    }

    private static Request inviteAtQueue() {
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.methods().contains("BYE"));
        return queue.received.stream().filter(r -> Request.INVITE.equals(r.getMethod())).findFirst().orElseThrow();
    }

    private static Set<String> headerNames(Request request) {
        Set<String> names = new LinkedHashSet<>();
        ListIterator<?> it = request.getHeaderNames();
        while (it.hasNext()) {
            names.add(it.next().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return names;
    }

    private static List<String> values(Request request, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(name);
        while (it != null && it.hasNext()) {
            String text = ((Header) it.next()).toString();
            values.add(text.substring(text.indexOf(':') + 1).trim());
        }
        return values;
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
