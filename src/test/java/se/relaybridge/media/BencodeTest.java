package se.relaybridge.media;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BencodeTest {

    @Test
    void anOfferIsWrittenWithItsKeysSortedAndReadBackAsItWas() {
        Map<String, Object> offer = Map.of("command", "offer", "call-id", "rb-1", "flags", List.of("trust-address"),
                "sdp", "v=0\r\nm=text 49172 RTP/AVP 98 100\r\n", "ttl", 30L);
        byte[] encoded = Bencode.encode(offer);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("d7:call-id4:rb-17:command5:offer5:flags"
                + "l13:trust-addresse3:sdp");
        assertThat(Bencode.decode(encoded)).isEqualTo(offer);
    }

    @Test
    void textIsCountedInBytesNotCharacters() {
        byte[] encoded = Bencode.encode("Skåne");
        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo("6:Skåne");
        assertThat(Bencode.decode(encoded)).isEqualTo("Skåne");
    }

    @Test
    void negativeNumbersAndEmptyContainersAreValues() {
        assertThat(Bencode.decode("li-3ei0eledee".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(List.of(-3L, 0L, List.of(), Map.of()));
    }

    @Test
    void brokenDataIsRefusedSayingWhereNeverReadPastItsEnd() {
        assertThatThrownBy(() -> Bencode.decode("d6:result2:ok".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(Bencode.BencodeException.class).hasMessageContaining("ends inside");
        assertThatThrownBy(() -> Bencode.decode("99:short".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("a string of 99 bytes");
        assertThatThrownBy(() -> Bencode.decode("di1ei2ee".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("key must be a string");
        assertThatThrownBy(() -> Bencode.decode("ixe".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("'x' is no number");
        assertThatThrownBy(() -> Bencode.decode("i1eX".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("1 bytes after the value");
        assertThatThrownBy(() -> Bencode.decode("l".repeat(100).getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("nested deeper");
    }

    @Test
    void aValueWithoutABencodedFormIsRefused() {
        assertThatThrownBy(() -> Bencode.encode(Map.of("x", 1.5))).hasMessageContaining("Double");
    }
}
