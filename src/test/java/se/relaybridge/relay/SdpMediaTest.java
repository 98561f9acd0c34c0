package se.relaybridge.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SdpMediaTest {

    @Test
    void readsMediaLinesWithTheirAttributesInOrder() {
        SdpMedia sdp = SdpMedia.parse(RelayFixtures.TEXT_SDP);

        assertThat(sdp.media()).hasSize(2);
        SdpMedia.MediaLine audio = sdp.media().get(0);
        assertThat(audio.type()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.proto()).isEqualTo("RTP/AVP");
        assertThat(audio.formats()).containsExactly("0", "8", "101");
        SdpMedia.MediaLine text = sdp.media().get(1);
        assertThat(text.formats()).containsExactly("98", "100");
        assertThat(text.attributes()).containsExactly(
                new SdpMedia.Attribute("rtpmap", "98 t140/1000"),
                new SdpMedia.Attribute("rtpmap", "100 red/1000"),
                new SdpMedia.Attribute("fmtp", "100 98/98/98"),
                new SdpMedia.Attribute("hlang-send", "sv en"));
        assertThat(text.attributeValues("rtpmap")).containsExactly("98 t140/1000", "100 red/1000");
        assertThat(sdp.otherLines()).startsWith("v=0").contains("c=IN IP4 127.0.0.11");
    }

    @Test
    void sessionLevelAttributesAreKeptApart() {
        SdpMedia sdp = SdpMedia.parse("v=0\r\na=sendrecv\r\na=group:BUNDLE a v\r\nm=audio 4000 RTP/AVP 0\r\na=recvonly\r\n");

        assertThat(sdp.sessionAttributes()).containsExactly(
                new SdpMedia.Attribute("sendrecv", null), new SdpMedia.Attribute("group", "BUNDLE a v"));
        assertThat(sdp.media().get(0).attributes()).containsExactly(new SdpMedia.Attribute("recvonly", null));
    }

    @Test
    void modalitiesAreTheStreamsNotRefused() {
        assertThat(SdpMedia.parse(RelayFixtures.TEXT_SDP).modalities()).containsExactly("audio", "text");
        assertThat(SdpMedia.parse(RelayFixtures.VIDEO_SDP).modalities()).containsExactly("audio", "video");
        assertThat(SdpMedia.parse(RelayFixtures.SPEECH_SDP).modalities())
                .as("m=video with port 0 is refused").containsExactly("audio");
    }

    @Test
    void modalitiesAreDistinctAndLowerCase() {
        SdpMedia sdp = SdpMedia.parse("m=AUDIO 4000 RTP/AVP 0\nm=audio 4002 RTP/AVP 8\nm=text 4004/2 RTP/AVP 98\n");

        assertThat(sdp.modalities()).containsExactly("audio", "text");
        assertThat(sdp.media().get(2).port()).as("port/number-of-ports").isEqualTo(4004);
    }

    @Test
    void hlangTagsAreTheUnionOfSendAndRecvAcrossMediaLines() {
        SdpMedia sdp = SdpMedia.parse(String.join("\n",
                "m=audio 4000 RTP/AVP 0",
                "a=hlang-send:sv en",
                "a=hlang-recv:sv",
                "m=video 4002 RTP/AVP 96",
                "a=HLANG-SEND:sgn-SE  *",
                "a=hlang-recv:   ",
                "m=text 0 RTP/AVP 98",
                "a=hlang-recv:en\tar"));

        assertThat(sdp.hlangTags()).containsExactly("sv", "en", "sgn-SE", "ar");
    }

    @Test
    void lineEndingsMayBeMixed() {
        SdpMedia sdp = SdpMedia.parse("v=0\rm=audio 4000 RTP/AVP 0\r\na=hlang-send:sv\nm=text 4002 RTP/AVP 98");

        assertThat(sdp.modalities()).containsExactly("audio", "text");
        assertThat(sdp.hlangTags()).containsExactly("sv");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "m=", "m=audio", "m=audio x RTP/AVP", "m=audio 99999 RTP/AVP 0",
            "m=audio -1 RTP/AVP 0", "m=audio 12345678901234567890 RTP/AVP 0", "a=", "a=:", "a=hlang-send",
            "a=hlang-send:", "\r\n\r\n", "m= audio 4000", "\u0000\u0001m=audio", "=\n==\n"})
    void oddInputNeverThrows(String text) {
        assertThatCode(() -> {
            SdpMedia sdp = SdpMedia.parse(text);
            sdp.modalities();
            sdp.hlangTags();
        }).doesNotThrowAnyException();
    }

    @Test
    void aMediaLineWithoutAReadablePortIsNoModality() {
        SdpMedia sdp = SdpMedia.parse("m=audio\nm=video x RTP/AVP 96\nm=text 70000 RTP/AVP 98\n");

        assertThat(sdp.media()).extracting(SdpMedia.MediaLine::port)
                .containsExactly(SdpMedia.UNKNOWN_PORT, SdpMedia.UNKNOWN_PORT, SdpMedia.UNKNOWN_PORT);
        assertThat(sdp.modalities()).isEmpty();
        assertThat(sdp.media().get(0).formats()).isEmpty();
    }
}
