package se.relaybridge.sip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NumberMaskTest {

    @Test
    void phoneNumberKeepsOnlyItsLastTwoDigits() {
        assertThat(NumberMask.mask("+46812345678")).isEqualTo("+*********78");
        assertThat(NumberMask.mask("sip:+46812345678@relay.example")).isEqualTo("sip:+*********78@relay.example");
    }

    @Test
    void personnummerIsMasked() {
        String masked = NumberMask.mask("patient 19121212-1212");

        assertThat(masked).startsWith("patient ").endsWith("12").doesNotContain("1912", "1212");
        assertThat(masked).isEqualTo("patient **********12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5060", "1177", "127.0.0.11", "127.0.0.1:5060", "CSeq: 1 INVITE", ""})
    void shortNumbersAndAddressesAreUntouched(String text) {
        assertThat(NumberMask.mask(text)).isEqualTo(text);
    }

    @Test
    void nullStaysNull() {
        assertThat(NumberMask.mask(null)).isNull();
    }

    @Test
    void everyNumberInTheTextIsMasked() {
        assertThat(NumberMask.mask("from +46812345678 to tel:0701234567 via port 5060"))
                .isEqualTo("from +*********78 to tel:********67 via port 5060");
    }
}
