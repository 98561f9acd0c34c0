package se.relaybridge.overload;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** An INVITE seen is known for as long as its INVITE can be retransmitted (64·T1), then forgotten. */
class RecentInvitesTest {

    @Test
    void anInviteSeenIsKnownUntilItsInviteCanNoLongerBeRetransmitted() {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        RecentInvites calls = new RecentInvites(nanos::get);
        calls.seen("a@relay");
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(RecentInvites.KEPT_SECONDS - 1));
        calls.seen("b@relay");
        calls.forgetOld();
        assertThat(calls.contains("a@relay")).isTrue();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        calls.forgetOld();
        assertThat(calls.contains("a@relay")).isFalse();
        assertThat(calls.contains("b@relay")).isTrue();
        assertThat(calls.size()).isEqualTo(1);
        assertThat(calls.contains("never@relay")).isFalse();
    }
}
