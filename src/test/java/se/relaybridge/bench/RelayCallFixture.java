package se.relaybridge.bench;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.relay.ProfileLoader;
import se.relaybridge.relay.ProfileSet;
import se.relaybridge.relay.RelayProfile;
import se.relaybridge.routing.QueueDirectory;
import se.relaybridge.routing.RoutingFile;
import se.relaybridge.routing.RoutingTable;
import se.relaybridge.sip.ListeningPointSpec;
import se.relaybridge.sip.SipContext;
import se.relaybridge.sip.SipSettings;

import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.message.Request;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;

/**
 * What the JMH benchmarks (src/jmh) and the allocation budgets (CallPathAllocationTest) measure on: the shipped
 * configuration (embedded defaults: relay profiles, queues.json, routing.json) and one typical text-relay INVITE
 * from the texttelefoni trunk, with the metadata a relay sends (docs/microbenchmarks.md).
 */
public final class RelayCallFixture {

    public static final String PROFILE = "texttelefoni";
    public static final String CALL_ID = "rb-0123456789abcdef";

    /** RFC 4103 text relay: audio for the interpreter's voice, T.140 with redundancy for the person. */
    public static final String SDP = String.join("\r\n",
            "v=0",
            "o=relay 2890844526 2890844526 IN IP4 127.0.0.11",
            "s=-",
            "c=IN IP4 127.0.0.11",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=hlang-send:sv",
            "a=hlang-recv:sv",
            "m=text 49172 RTP/AVP 98 100",
            "a=rtpmap:98 t140/1000",
            "a=rtpmap:100 red/1000",
            "a=fmtp:100 98/98/98",
            "a=hlang-send:sv en",
            "a=hlang-recv:sv",
            "");

    /** The same session a moment later, as a nurse's phone answers a hold: recvonly, its own origin. */
    public static final String HELD_SDP = SDP.replace("o=relay 2890844526 2890844526", "o=desk 77 78")
            .replace("a=hlang-recv:sv\r\nm=text", "a=recvonly\r\na=hlang-recv:sv\r\nm=text");

    public static final String INVITE = String.join("\r\n",
            "INVITE sip:1177@127.0.0.1:5060 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK-524287-1---a1b2c3d4e5f60718;rport",
            "Max-Forwards: 70",
            "From: \"Texttelefoni\" <sip:+46812345678@texttelefoni.example;user=phone>;tag=8f3a2c91",
            "To: <sip:1177@127.0.0.1>",
            "Call-ID: 5f7c1e2d9a8b4c3f@127.0.0.11",
            "CSeq: 1 INVITE",
            "Contact: <sip:relay@127.0.0.11:5060;transport=udp>",
            "P-Asserted-Identity: <sip:+46812345678@texttelefoni.example;user=phone>",
            "X-Relay-Interpreter: TT-4711",
            "X-Relay-Municipality: 0180",
            "X-Relay-Language: sv",
            "Session-ID: ab30317f1a784dc48ff824d0d3715d86;remote=00000000000000000000000000000000",
            "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK, REFER, NOTIFY, INFO",
            "Supported: timer, 100rel, replaces",
            "Session-Expires: 1800",
            "Min-SE: 90",
            "User-Agent: texttelefoni-relay/4.2",
            "Content-Type: application/sdp",
            "Content-Length: " + SDP.getBytes(StandardCharsets.UTF_8).length,
            "",
            SDP);

    public final ConfigLocation config = ConfigLocation.embedded();
    public final ProfileSet profiles = ProfileLoader.load(config);
    public final RelayProfile profile = profiles.get(PROFILE).orElseThrow();
    public final QueueDirectory queues = QueueDirectory.load(config);
    public final RoutingTable routing = routingTable(config, queues);
    public final SipContext sip = sipContext();

    public byte[] inviteBytes() {
        return INVITE.getBytes(StandardCharsets.UTF_8);
    }

    /** The INVITE as the RI's message factory parses it. */
    public Request invite() throws ParseException {
        return sip.messages().createRequest(INVITE);
    }

    private static RoutingTable routingTable(ConfigLocation config, QueueDirectory queues) {
        RoutingFile.Result result = RoutingFile.read(config, queues.queues().keySet());
        if (!result.ok()) {
            throw new IllegalStateException("shipped routing.json: " + result.problems());
        }
        return result.table();
    }

    /** The RI's factories without a stack: building messages needs no provider, no socket. */
    private static SipContext sipContext() {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        try {
            return new SipContext(null, factory.createMessageFactory(), factory.createHeaderFactory(),
                    factory.createAddressFactory(), SipSettings.of("127.0.0.1", "127.0.0.1",
                            List.of(new ListeningPointSpec("udp", 5060), new ListeningPointSpec("tcp", 5060)),
                            "relaybridge-bench"));
        } catch (PeerUnavailableException e) {
            throw new IllegalStateException(e);
        }
    }
}
