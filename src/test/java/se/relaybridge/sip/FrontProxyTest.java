package se.relaybridge.sip;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class FrontProxyTest {

    @Test
    void theSenderTheFrontNamesIsReadWithoutALookUp() throws Exception {
        assertThat(FrontProxy.namedSource("udp:127.0.0.11:5060")).contains(InetAddress.getByName("127.0.0.11"));
        assertThat(FrontProxy.namedSource("tcp:127.0.0.12:41000")).contains(InetAddress.getByName("127.0.0.12"));
        assertThat(FrontProxy.namedSource("127.0.0.13")).contains(InetAddress.getByName("127.0.0.13"));
        assertThat(FrontProxy.namedSource("tls:[2001:db8::1]:5061")).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(FrontProxy.namedSource("udp:relay.example:5060")).as("a name is not looked up").isEmpty();
        assertThat(FrontProxy.namedSource("udp:10.0.0.0/8:5060")).isEmpty();
        assertThat(FrontProxy.namedSource("")).isEmpty();
        assertThat(FrontProxy.namedSource(null)).isEmpty();
    }
}
