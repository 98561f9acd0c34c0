package se.relaybridge.sip;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static se.relaybridge.sip.FloodGuard.Verdict.BANNED;
import static se.relaybridge.sip.FloodGuard.Verdict.LIMITED;
import static se.relaybridge.sip.FloodGuard.Verdict.PASS;

/** The flood guard's decisions on a clock the test moves: limit, ban, expiry, allowed sources, fixed memory. */
class FloodGuardTest {

    private static final String FILE = "sip-config/sip.json";
    private static final Object ALLOW_LIST = new Object();
    private static final Predicate<InetAddress> NONE = a -> false;
    private final AtomicLong now = new AtomicLong(1_000);

    private FloodGuard guard(int limit, int ban, int window, int banSeconds, int tracked) {
        return new FloodGuard(new FloodGuardSpec(true, limit, ban, window, banSeconds, List.of(), tracked)
                .validated(FILE), now::get);
    }

    @Test
    void aSourceOverItsRateIsLimitedThenBannedAndLetInWhenTheBanEnds() {
        FloodGuard guard = guard(5, 10, 2, 30, 64);
        InetAddress flooder = ip("192.0.2.50");
        for (int i = 0; i < 10; i++) {
            assertThat(guard.check(flooder, ALLOW_LIST, NONE)).as("request " + i).isEqualTo(PASS);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(guard.check(flooder, ALLOW_LIST, NONE)).as("request " + (10 + i)).isEqualTo(LIMITED);
        }
        assertThat(guard.check(flooder, ALLOW_LIST, NONE)).isEqualTo(BANNED);
        assertThat(guard.bannedSources()).isEqualTo(1);
        advance(29);
        assertThat(guard.check(flooder, ALLOW_LIST, NONE)).as("still banned after 29 s").isEqualTo(BANNED);
        advance(1);
        assertThat(guard.bannedSources()).isZero();
        assertThat(guard.check(flooder, ALLOW_LIST, NONE)).as("the ban is over").isEqualTo(PASS);
        assertThat(guard.limitedRequests()).isEqualTo(10);
        assertThat(guard.bannedRequests()).isEqualTo(2);
        assertThat(guard.bans()).isEqualTo(1);
    }

    @Test
    void theCountStartsAgainInEachWindow() {
        FloodGuard guard = guard(5, 10, 2, 30, 64);
        InetAddress peer = ip("192.0.2.51");
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 5; i++) {
                assertThat(guard.check(peer, ALLOW_LIST, NONE)).isEqualTo(PASS);
            }
            advance(1);
        }
        assertThat(guard.limitedRequests()).isZero();
    }

    @Test
    void anAllowedSourceIsNeverLimitedAndIsAskedAboutOncePerAllowList() {
        FloodGuard guard = guard(1, 1, 1, 60, 64);
        InetAddress trunk = ip("127.0.0.11");
        AtomicLong asked = new AtomicLong();
        Predicate<InetAddress> trunks = a -> {
            asked.incrementAndGet();
            return a.equals(trunk);
        };
        for (int i = 0; i < 10_000; i++) {
            assertThat(guard.check(trunk, ALLOW_LIST, trunks)).isEqualTo(PASS);
        }
        assertThat(asked).hasValue(1);
        Object reloaded = new Object();
        assertThat(guard.check(trunk, reloaded, a -> false)).as("a profile reload took the trunk away")
                .isEqualTo(PASS);
        assertThat(guard.check(trunk, reloaded, a -> false)).isEqualTo(BANNED);
    }

    @Test
    void aFloodFromSpoofedSourcesKeepsTheTableItsSizeAndABanInForce() {
        FloodGuard guard = guard(1, 2, 1, 60, 256);
        InetAddress flooder = ip("192.0.2.99");
        for (int i = 0; i < 3; i++) {
            guard.check(flooder, ALLOW_LIST, NONE);
        }
        assertThat(guard.bannedSources()).isEqualTo(1);
        for (int i = 0; i < 200_000; i++) {
            byte[] address = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
            assertThat(guard.check(ipOf(address), ALLOW_LIST, NONE)).isEqualTo(PASS);
        }
        assertThat(guard.capacity()).isEqualTo(256);
        assertThat(guard.check(flooder, ALLOW_LIST, NONE)).as("a ban is never pushed out by new sources")
                .isEqualTo(BANNED);
    }

    @Test
    void badSettingsNameTheField() {
        assertThatThrownBy(() -> new FloodGuardSpec(true, 0, null, null, null, null, null).validated(FILE))
                .hasMessage("sip-config/sip.json: floodGuard.limitPerSecond: 0 is outside 1-100000");
        assertThatThrownBy(() -> new FloodGuardSpec(true, 50, 10, null, null, null, null).validated(FILE))
                .hasMessage("sip-config/sip.json: floodGuard.banPerSecond: 10 must be between limitPerSecond (50) and 1000000");
        assertThatThrownBy(() -> new FloodGuardSpec(null, null, null, null, null, List.of("10.0.0.0/8", "trunk.example"), null)
                .validated(FILE))
                .hasMessage("sip-config/sip.json: floodGuard.allow[1]: 'trunk.example' is not an address block such as 192.0.2.0/24 (no host names)");
        assertThat(FloodGuardSpec.DEFAULT.validated(FILE)).isEqualTo(FloodGuardSpec.DEFAULT);
    }

    private void advance(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static InetAddress ipOf(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
