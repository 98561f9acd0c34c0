package se.relaybridge.relay;

import java.time.Instant;
import java.util.List;

/** Profiles and SDP of the three shipped relay services, as the tests' common ground. */
final class RelayFixtures {

    static final String CALL_ID = "rb-0123456789abcdef";
    static final Instant START = Instant.parse("2025-03-04T09:15:30.250Z");
    static final String SESSION_ID = "ab30317f1a784dc48ff824d0d3715d86;remote=47755a9de7794ba387653f2099600ef2";

    static final RelayProfile TEXT = profile("texttelefoni", "Texttelefoni.se", "text", null);
    static final RelayProfile VIDEO = profile("bildtelefoni", "Bildtelefoni.net", "video", null);
    static final RelayProfile SPEECH = profile("teletal", "Teletal", "speech",
            new InboundHeaders("X-Teletal-Tolk", "X-Teletal-Kommun", null));

    static final ProviderSpec TEXT_PROVIDER =
            new ProviderSpec("texttelefoni.example", "tel:+4620600650", List.of("sv", "en"));

    /** RFC 4103 text relay: audio for the interpreter's voice, T.140 with redundancy for the person. */
    static final String TEXT_SDP = String.join("\r\n",
            "v=0",
            "o=relay 2890844526 2890844526 IN IP4 127.0.0.11",
            "s=-",
            "c=IN IP4 127.0.0.11",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=hlang-send:sv",
            "a=hlang-recv:sv",
            "m=text 49172 RTP/AVP 98 100",
            "a=rtpmap:98 t140/1000",
            "a=rtpmap:100 red/1000",
            "a=fmtp:100 98/98/98",
            "a=hlang-send:sv en",
            "");

    /** Sign-language video relay: H.264 video with the legacy tag sgn-SE, plus the interpreter's audio. */
    static final String VIDEO_SDP = String.join("\r\n",
            "v=0",
            "o=relay 1 1 IN IP4 127.0.0.12",
            "s=-",
            "c=IN IP4 127.0.0.12",
            "t=0 0",
            "m=audio 50000 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=hlang-recv:sv",
            "m=video 50002 RTP/AVP 96",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1",
            "a=hlang-send:sgn-SE",
            "");

    static final String SPEECH_SDP = String.join("\r\n",
            "v=0",
            "o=relay 7 7 IN IP4 127.0.0.13",
            "s=-",
            "c=IN IP4 127.0.0.13",
            "t=0 0",
            "m=audio 40000 RTP/AVP 8",
            "a=rtpmap:8 PCMA/8000",
            "m=video 0 RTP/AVP 96",
            "");

    private RelayFixtures() {
    }

    private static RelayProfile profile(String id, String name, String service, InboundHeaders inbound) {
        return new RelayProfile(id, name, service, null, null, inbound, null);
    }

    static RelaySession textSession() {
        return MetadataExtractor.extract(TEXT, new InboundMetadata(
                "<sip:+46812345678@texttelefoni.example;user=phone>", "TT-4711", "0180", "sv",
                SESSION_ID, TEXT_SDP), CALL_ID, START);
    }
}
