package se.relaybridge.relay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class CidrTest {

    @Test
    void parsesIpv4Blocks() {
        assertThat(Cidr.parse("127.0.0.11/32")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isEqualTo(32);
            assertThat(c.network()).containsExactly(127, 0, 0, 11);
            assertThat(c).hasToString("127.0.0.11/32");
        });
        assertThat(Cidr.parse("192.0.2.77/24")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isEqualTo(24);
            assertThat(c.network()).as("host bits are cleared").containsExactly(192, 0, 2, 0);
        });
        assertThat(Cidr.parse("10.1.2.3/0")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isZero();
            assertThat(c.network()).containsExactly(0, 0, 0, 0);
        });
    }

    @Test
    void withoutPrefixIsASingleHost() {
        assertThat(Cidr.parse("192.0.2.10")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isEqualTo(32);
            assertThat(c).isEqualTo(Cidr.parse("192.0.2.10/32").orElseThrow());
        });
        assertThat(Cidr.parse("::1")).hasValueSatisfying(c -> assertThat(c.prefixLength()).isEqualTo(128));
    }

    @Test
    void parsesIpv6Blocks() {
        assertThat(Cidr.parse("2001:db8::/32")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isEqualTo(32);
            assertThat(c.network()).hasSize(16);
        });
        assertThat(Cidr.parse("::1/128")).hasValueSatisfying(c -> {
            assertThat(c.prefixLength()).isEqualTo(128);
            assertThat(c.network()[15]).isEqualTo((byte) 1);
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"999.0.0.1/32", "127.0.0.1/33", "::1/129", "host.example/32", "abc", "1.2.3.4/x",
            "1.2.3.4/8/9", "1.2.3.4/", "1.2.3/8", "/32"})
    void refusesWhatIsNotAnAddressBlock(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @Test
    void containsAddressesInsideTheBlockOnly() throws UnknownHostException {
        Cidr block = Cidr.parse("192.0.2.0/24").orElseThrow();
        assertThat(block.contains(ip("192.0.2.0"))).isTrue();
        assertThat(block.contains(ip("192.0.2.255"))).isTrue();
        assertThat(block.contains(ip("192.0.3.1"))).isFalse();
        assertThat(block.contains(ip("10.0.0.1"))).isFalse();

        Cidr host = Cidr.parse("127.0.0.11/32").orElseThrow();
        assertThat(host.contains(ip("127.0.0.11"))).isTrue();
        assertThat(host.contains(ip("127.0.0.12"))).isFalse();

        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(ip("203.0.113.9"))).isTrue();

        Cidr v6 = Cidr.parse("2001:db8::/32").orElseThrow();
        assertThat(v6.contains(ip("2001:db8:1234::1"))).isTrue();
        assertThat(v6.contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void neverMatchesAcrossAddressFamilies() throws UnknownHostException {
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("::/0").orElseThrow().contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void overlapsWhenOneBlockHoldsPartOfTheOther() {
        Cidr wide = Cidr.parse("10.0.0.0/8").orElseThrow();
        Cidr narrow = Cidr.parse("10.20.30.40/32").orElseThrow();
        Cidr elsewhere = Cidr.parse("192.0.2.0/24").orElseThrow();

        assertThat(wide.overlaps(narrow)).isTrue();
        assertThat(narrow.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(wide)).isTrue();
        assertThat(wide.overlaps(elsewhere)).isFalse();
        assertThat(Cidr.parse("192.0.2.0/25").orElseThrow()
                .overlaps(Cidr.parse("192.0.2.128/25").orElseThrow())).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").orElseThrow()
                .overlaps(Cidr.parse("::/0").orElseThrow())).as("IPv4 vs IPv6").isFalse();
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
