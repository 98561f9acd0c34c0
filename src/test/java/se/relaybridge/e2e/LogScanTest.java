package se.relaybridge.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogScanTest {

    @Test
    void fullNumbersAreFoundInEveryWrittenForm() {
        assertThat(LogScan.hasPhoneNumber("PAI <tel:+46701234567>")).isTrue();
        assertThat(LogScan.hasPhoneNumber("from tel:0701234567")).isTrue();
    }

    @Test
    void theFractionOfASecondInATimestampIsNoNumber() {
        assertThat(LogScan.hasPhoneNumber("callback at 2026-12-01T21:47:02.041465503Z by ops")).isFalse();
        assertThat(LogScan.hasPhoneNumber("masked …4567 of call rb-5c4ed01ed0000001")).isFalse();
    }

    @Test
    void aHexadecimalCallIdStartingWithDigitsIsNoNumber() {
        assertThat(LogScan.hasPhoneNumber("demo caller text calls, Call-ID 0626057070a3f9e1@127.0.0.1")).isFalse();
        assertThat(LogScan.hasPhoneNumber("To: <sip:+46701234567@127.0.0.1>")).isTrue();
        assertThat(LogScan.hasPhoneNumber("calling 070-123 45 67 now")).isTrue();
    }
}
