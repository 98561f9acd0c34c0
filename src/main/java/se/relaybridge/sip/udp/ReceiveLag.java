package se.relaybridge.sip.udp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How long the oldest datagram that a UDP listening point has received, but no message thread has taken yet, has
 * been waiting: the node's own delay before it even reads a request or an answer (docs/overload.md). A datagram is
 * stamped when relaybridge's receive loop takes it from the socket, so this is the wait behind the message threads.
 * While that wait is over the node's limit, the receive loops refuse new INVITEs themselves ({@link SocketShedding}):
 * a refusal that waited behind the backlog it is about would come too late to help the relay.
 */
public final class ReceiveLag {

    private final List<OneBufferUdpProcessor> listeningPoints = new CopyOnWriteArrayList<>();
    private volatile SocketShedding shedding;

    /** The receive loops refuse new INVITEs by {@code shedding} from now on; null: they never do. */
    public void shedWith(SocketShedding shedding) {
        this.shedding = shedding;
    }

    SocketShedding shedding() {
        return shedding;
    }

    void add(OneBufferUdpProcessor listeningPoint) {
        listeningPoints.add(listeningPoint);
    }

    /** The stack stopped: its listening points receive no more. */
    public void clear() {
        listeningPoints.clear();
    }

    /** The longest wait, in milliseconds, of a datagram not yet taken by a message thread; 0 when none waits. */
    public long millis() {
        long now = System.currentTimeMillis();
        long longest = 0;
        for (OneBufferUdpProcessor listeningPoint : listeningPoints) {
            longest = Math.max(longest, listeningPoint.oldestWaitMillis(now));
        }
        return longest;
    }
}
