package se.relaybridge.sip.udp;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stack's UDP listening point receiving every datagram into one buffer and queuing a copy of exactly its length.
 * The RI's own receive loop ({@code UDPMessageProcessor.run}, otherwise unchanged here) allocates a fresh buffer of
 * the largest message size, 64 KiB, for every datagram: at 1,000 calls/s that was about half of all the node
 * allocated, and the young collections it caused are pauses in which datagrams wait (docs/overload.md).
 * The message threads, {@code threads} of them as {@code THREAD_POOL_SIZE} says, are the RI's own with one change:
 * each has a queue of its own, and every datagram of one Call-ID goes to the same one ({@link CallIdLane}). The
 * RI's threads all take from one queue, so that two datagrams of a dialog that arrived in one order could be handed
 * to the call the other way round; one thread kept the order but parsed every message of the node in turn.
 */
public final class OneBufferUdpProcessor extends UDPMessageProcessor {

    private static final Logger LOG = Logger.getLogger(OneBufferUdpProcessor.class.getName());

    private static final int FAILURES_LOGGED = 10;

    private final int threads;
    private final int bufferSize;
    private final ReceiveLag lag;
    private final BlockingQueue<DatagramQueuedMessageDispatch>[] lanes;
    private final AtomicInteger lanesTaken = new AtomicInteger();
    private int failures;

    public OneBufferUdpProcessor(InetAddress address, SIPTransactionStack stack, int port, int threads, int bufferSize,
                                 ReceiveLag lag) throws IOException {
        super(address, stack, port);
        this.threads = Math.max(1, threads);
        this.bufferSize = bufferSize;
        this.lanes = lanes(this.threads);
        sendsFromListeningSocket(stack);
        this.lag = lag;
        lag.add(this);
    }

    @SuppressWarnings("unchecked")
    private static BlockingQueue<DatagramQueuedMessageDispatch>[] lanes(int threads) {
        BlockingQueue<DatagramQueuedMessageDispatch>[] lanes = new BlockingQueue[threads];
        for (int i = 0; i < threads; i++) {
            lanes[i] = new LinkedBlockingQueue<>();
        }
        return lanes;
    }

    /**
     * How long the datagram that has waited longest for its message thread has waited at {@code nowMillis}; 0 when
     * none waits.
     */
    long oldestWaitMillis(long nowMillis) {
        long longest = 0;
        for (BlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
            DatagramQueuedMessageDispatch next = lane.peek();
            if (next != null) {
                longest = Math.max(longest, nowMillis - next.getReceptionTime());
            }
        }
        return longest;
    }

    /** The lane of a message thread that starts: each thread has one of its own. */
    private BlockingQueue<DatagramQueuedMessageDispatch> laneOfNewThread() {
        return lanes[lanesTaken.getAndIncrement() % lanes.length];
    }

    @Override
    public boolean inUse() {
        for (BlockingQueue<DatagramQueuedMessageDispatch> lane : lanes) {
            if (!lane.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the RI's own factory does for its UDP processor and only its package can: the stack's flag that it has a
     * UDP listening point. Without it every message relaybridge sends over UDP, responses included, leaves from a
     * new ephemeral socket instead of this one (RFC 3261 §18.2.2, RFC 3581: a relay behind NAT or a firewall drops
     * an answer from any other port), and each send opens and closes a socket.
     */
    private static void sendsFromListeningSocket(SIPTransactionStack stack) {
        try {
            Field udpFlag = SIPTransactionStack.class.getDeclaredField("udpFlag");
            udpFlag.setAccessible(true);
            udpFlag.setBoolean(stack, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("the RI's stack has no settable udpFlag (JAIN SIP RI 1.3.0-91 has)", e);
        }
    }

    @Override
    public void run() {
        messageChannels = new LinkedList<>();
        for (int i = 0; i < threads; i++) {
            messageChannels.add(new MessageThread(sipStack, this,
                    ((gov.nist.javax.sip.SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-" + i));
        }
        byte[] buffer = new byte[bufferSize];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (isRunning) {
            try {
                packet.setData(buffer, 0, buffer.length);
                sock.receive(packet);
                Verdict verdict = judgedHere(buffer, packet);
                if (verdict == Verdict.REFUSED) {
                    continue;
                }
                byte[] exact = Arrays.copyOf(buffer, packet.getLength());
                lanes[CallIdLane.of(buffer, packet.getLength(), lanes.length)].offer(new Received(
                        new DatagramPacket(exact, exact.length, packet.getAddress(), packet.getPort()), verdict == Verdict.LET_IN));
            } catch (SocketException e) {
                if (!isRunning) {
                    return;
                }
                failed(e);
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
        }
    }

    /**
     * A new INVITE while datagrams wait longer than the node's limit gets its stateless 503 from this thread, at
     * once: behind the backlog it would be answered only after the wait it is refused for (docs/overload.md). A
     * retransmission of an INVITE passed on to the stack before goes on after it, whatever the wait: the stack
     * answers it as it answers (or answered) the first copy.
     *
     */
    private Verdict judgedHere(byte[] buffer, DatagramPacket packet) throws IOException {
        SocketShedding shedding = lag.shedding();
        if (shedding != null && buffer[0] == 'O') {
            return optionsAnsweredHere(shedding, buffer, packet);
        }
        if (shedding == null || buffer[0] != 'I') {
            return Verdict.NOT_JUDGED;
        }
        StatelessRefusal refusal = readPlainly(() -> StatelessRefusal.of(buffer, packet.getLength(), shedding.retryAfterSeconds()));
        if (refusal == null) {
            return Verdict.NOT_JUDGED;
        }
        if (shedding.passedOn(refusal.key())) {
            return Verdict.NOT_JUDGED;
        }
        if (oldestWaitMillis(System.currentTimeMillis()) <= shedding.maxLagMillis()) {
            shedding.passingOn(refusal.key());
            return Verdict.LET_IN;
        }
        send(refusal, packet);
        shedding.refused(refusal.key());
        return Verdict.REFUSED;
    }

    /**
     * An out-of-dialog OPTIONS while datagrams wait longer than the node's limit gets its {@code 200} from this
     * thread: a front's keep-alive probe must not time out because the node is busy, or the front takes the node
     * out of its set for a second's backlog (docs/overload.md). Under the limit the stack answers it as always.
     */
    private Verdict optionsAnsweredHere(SocketShedding shedding, byte[] buffer, DatagramPacket packet) throws IOException {
        if (oldestWaitMillis(System.currentTimeMillis()) <= shedding.maxLagMillis()) {
            return Verdict.NOT_JUDGED;
        }
        StatelessRefusal answer = readPlainly(() -> StatelessRefusal.optionsAnswer(buffer, packet.getLength(), shedding.allow()));
        if (answer == null || !shedding.answersOptionsFrom(packet.getAddress())) {
            return Verdict.NOT_JUDGED;
        }
        send(answer, packet);
        return Verdict.REFUSED;
    }

    /** What a stateless reader makes of a datagram; null when it chokes on it. */
    private static StatelessRefusal readPlainly(java.util.function.Supplier<StatelessRefusal> reader) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            // a datagram this reader chokes on is the stack's to answer: it must never be lost here
            LOG.log(Level.FINE, "receive loop: left to the stack", e);
            return null;
        }
    }

    private void send(StatelessRefusal answer, DatagramPacket packet) throws IOException {
        byte[] response = answer.response();
        sock.send(new DatagramPacket(response, response.length, packet.getAddress(), answer.port(packet.getPort())));
    }

    /** What the receive loop made of a datagram before queuing it. */
    private enum Verdict {
        /** answered here, statelessly: a new INVITE's 503, an OPTIONS probe's 200 */
        REFUSED,
        /** a new INVITE let in while the receive lag was under the limit: not to be refused later for the lag */
        LET_IN,
        /** anything else, for the stack to judge */
        NOT_JUDGED
    }

    // as the RI does: the first few failures are told, a socket failing for ever must not fill the log
    private void failed(Exception e) {
        if (++failures <= FAILURES_LOGGED) {
            LOG.log(Level.WARNING, "UDP receive failed; receiving on (" + failures + ")", e);
        }
    }

    /** A received datagram, stamped with the wall clock (the receive lag) and the monotonic one (its latency). */
    private static final class Received extends DatagramQueuedMessageDispatch {
        final long nanos = System.nanoTime();
        final boolean lagJudged;

        Received(DatagramPacket packet, boolean lagJudged) {
            super(packet, System.currentTimeMillis());
            this.lagJudged = lagJudged;
        }
    }

    /**
     * One of the RI's message threads, taking the datagrams of its own lane in turn and handing each to the RI's own
     * parsing and processing, as the RI's loop does with the shared queue.
     */
    private static final class MessageThread extends UDPMessageChannel {

        private static final MethodHandle PROCESS = processIncomingDataPacket();

        MessageThread(SIPTransactionStack stack, OneBufferUdpProcessor processor, String name) {
            super(stack, processor, name);
        }

        private static MethodHandle processIncomingDataPacket() {
            try {
                return MethodHandles.privateLookupIn(UDPMessageChannel.class, MethodHandles.lookup()).findVirtual(
                        UDPMessageChannel.class, "processIncomingDataPacket",
                        MethodType.methodType(void.class, DatagramPacket.class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "the RI's UDPMessageChannel has no processIncomingDataPacket(DatagramPacket) (1.3.0-91 has)", e);
            }
        }

        @Override
        public void run() {
            // the RI's constructor starts this thread before a field of this class is set; its processor is set
            OneBufferUdpProcessor processor = (OneBufferUdpProcessor) messageProcessor;
            BlockingQueue<DatagramQueuedMessageDispatch> mine = processor.laneOfNewThread();
            while (true) {
                DatagramQueuedMessageDispatch taken;
                try {
                    taken = mine.take();
                } catch (InterruptedException e) {
                    if (!processor.isRunning) {
                        return;
                    }
                    continue;
                }
                if (!processor.isRunning) {
                    return;
                }
                Received received = (Received) taken;
                ReceiveStamp.set(received.nanos, received.lagJudged);
                try {
                    PROCESS.invokeExact((UDPMessageChannel) this, taken.packet);
                } catch (Throwable e) {
                    LOG.log(Level.WARNING, "UDP message thread: a datagram could not be processed", e);
                    if (e instanceof Error error && !(e instanceof StackOverflowError)) {
                        throw error;
                    }
                }
            }
        }
    }
}
