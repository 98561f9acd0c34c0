package se.relaybridge.demo;

import org.junit.jupiter.api.Test;
import se.relaybridge.relay.RelayService;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's pieces that need no SIP: the switch, the numbers, the session descriptions, the settings. */
class DemoPartsTest {

    @Test
    void switchIsOnOnlyForTrueAndThePropertyWins() {
        assertThat(DemoSwitch.isOn(Map.of("relaybridge.demo", "true")::get, Map.<String, String>of()::get)).isTrue();
        assertThat(DemoSwitch.isOn(Map.<String, String>of()::get, Map.of("RELAYBRIDGE_DEMO", "TRUE")::get)).isTrue();
        assertThat(DemoSwitch.isOn(Map.of("relaybridge.demo", "false")::get, Map.of("RELAYBRIDGE_DEMO", "true")::get)).isFalse();
        assertThat(DemoSwitch.isOn(Map.of("relaybridge.demo", "yes")::get, Map.<String, String>of()::get)).isFalse();
        assertThat(DemoSwitch.isOn(Map.<String, String>of()::get, Map.<String, String>of()::get)).isFalse();
    }

    @Test
    void numbersStayInsideThePtsRangeForFiction() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            assertThat(FictitiousNumbers.isFictitious(FictitiousNumbers.pick(random))).isTrue();
        }
        assertThat(FictitiousNumbers.isFictitious("+46701740604")).isFalse();
        assertThat(FictitiousNumbers.isFictitious("+46701740700")).isFalse();
    }

    @Test
    void answerMirrorsTheOffersMediaInOrderAndItsLanguagesTheOtherWayRound() {
        String offer = DemoSdp.offer(RelayService.VIDEO, "127.0.0.12", 30_000, 1);
        String answer = DemoSdp.answer(offer, "127.0.0.1", 40_000, 1);
        assertThat(DemoSdp.media(answer)).containsExactly("video", "audio");
        assertThat(answer).contains("m=video 40000 RTP/AVP 96", "m=audio 40002 RTP/AVP 0", "a=rtpmap:96 H264/90000",
                "a=hlang-recv:swl", "a=hlang-send:swl");
        String text = DemoSdp.offer(RelayService.TEXT, "127.0.0.11", 30_000, 1);
        assertThat(DemoSdp.media(text)).containsExactly("audio", "text");
        assertThat(text).contains("a=rtpmap:98 t140/1000", "a=rtpmap:100 red/1000", "a=fmtp:100 98/98/98");
        assertThat(DemoSdp.answer(text.replace("m=text 30002", "m=text 0"), "127.0.0.1", 40_000, 1))
                .contains("m=text 0 RTP/AVP 100 98").doesNotContain("t140");
        assertThat(DemoSdp.media(DemoSdp.offer(RelayService.SPEECH, "127.0.0.13", 30_000, 1))).containsExactly("audio");
    }

    @Test
    void settingsRefuseNonsenseWithAClearMessage() {
        assertThatThrownBy(() -> DemoSettings.Span.ofMillis(5, 1)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new DemoSettings.PortRange(28590, 28580)).hasMessageContaining("from <= to");
        assertThatThrownBy(() -> DemoSettings.fast().withCallerPorts(null)).hasMessageContaining("callerPorts");
    }
}
