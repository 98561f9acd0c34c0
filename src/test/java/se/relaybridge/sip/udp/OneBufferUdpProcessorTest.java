package se.relaybridge.sip.udp;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import se.relaybridge.sip.tcp.ConnectionGuard;
import se.relaybridge.sip.tcp.GuardedProcessorFactory;
import se.relaybridge.sip.tcp.TcpLimits;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The UDP listening point receives into one buffer (docs/overload.md, docs/microbenchmarks.md): the receiving thread
 * allocates about a datagram's length per datagram, not the RI's fresh 64 KiB, every request still reaches the
 * listener whole, with the sender's address, in the order sent, and what relaybridge sends over UDP leaves from the
 * listening socket, as with the RI's own processor (RFC 3261 §18.2.2, RFC 3581). Bytes and ports, never time. The stack listens on a port the kernel has just
 * found free (the RI refuses port 0), so it takes none of the fixed ports of the other suites.
 */
class OneBufferUdpProcessorTest {

    private static final int DATAGRAMS = 200;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private SipStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.stop();
        }
    }

    /** A response leaves from the port the request came in on: a relay behind NAT or a firewall drops any other. */
    @Test
    void repliesLeaveFromTheListeningPort() throws Exception {
        int port = start(event -> {
            try {
                SipFactory factory = SipFactory.getInstance();
                ((SipProvider) event.getSource()).sendResponse(
                        factory.createMessageFactory().createResponse(200, event.getRequest()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            relay.setSoTimeout(10_000);
            send(relay, port, "reply-1");
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            relay.receive(answer);
            assertThat(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII))
                    .startsWith("SIP/2.0 200 ");
            assertThat(answer.getPort()).as("the 200's source port").isEqualTo(port);
        }
    }

    @Test
    void eachDatagramCostsItsLengthNotTheMessageSizeLimit() throws Exception {
        Semaphore received = new Semaphore(0);
        ConcurrentLinkedQueue<String> callIds = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> sourcePorts = new ConcurrentLinkedQueue<>();
        int port = start(event -> {
            callIds.add(((javax.sip.header.CallIdHeader) event.getRequest().getHeader("Call-ID")).getCallId());
            sourcePorts.add(((gov.nist.javax.sip.message.SIPMessage) event.getRequest()).getRemotePort());
            received.release();
        });
        Thread receiver = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("MessageProcessorThread-UDP-")).findFirst().orElseThrow();
        try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(relay, port, "warm-up");
            assertThat(received.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            callIds.clear();
            sourcePorts.clear();
            long before = THREADS.getThreadAllocatedBytes(receiver.getId());
            for (int i = 0; i < DATAGRAMS; i++) {
                send(relay, port, "call-" + i);
                // one at a time: the kernel must drop none, so that every datagram is counted
                assertThat(received.tryAcquire(10, TimeUnit.SECONDS)).as("datagram %d received", i).isTrue();
            }
            long perDatagram = (THREADS.getThreadAllocatedBytes(receiver.getId()) - before) / DATAGRAMS;
            System.out.println("receiving thread: " + perDatagram + " bytes per datagram");
            assertThat(perDatagram).as("bytes the receiving thread allocates per %d-byte datagram",
                    options("call-0", 1).length).isLessThan(8 * 1024);
            assertThat(callIds).hasSize(DATAGRAMS).startsWith("call-0@relay.example", "call-1@relay.example")
                    .endsWith("call-" + (DATAGRAMS - 1) + "@relay.example");
            assertThat(sourcePorts).containsOnly(relay.getLocalPort());
        }
    }

    /**
     * The node's own delay (docs/overload.md): a datagram that waits behind a busy message thread is measured from
     * the moment it was received until a message thread takes it, and nothing waits once the thread is free again.
     */
    @Test
    void aDatagramWaitingBehindABusyMessageThreadIsMeasuredUntilTaken() throws Exception {
        ReceiveLag lag = new ReceiveLag();
        Semaphore received = new Semaphore(0);
        int port = start(event -> received.release(), lag);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch free = new java.util.concurrent.CountDownLatch(1);
        ((SIPTransactionStack) stack).sipMessageValves.add(new BusyOnFirst(busy, free));
        assertThat(lag.millis()).as("nothing received yet").isZero();
        try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(relay, port, "keeps-the-thread-busy");
            assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
            long sent = System.nanoTime();
            send(relay, port, "waits");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> lag.millis() > 0);
            Thread.sleep(300);
            long age = lag.millis();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            // the lower bound is the point; the upper one only that it is this datagram's age, not a clock's reading
            assertThat(age).as("the waiting datagram's age").isBetween(300L, waited + 1000);
            free.countDown();
            assertThat(received.tryAcquire(2, 10, TimeUnit.SECONDS)).as("both reach the listener").isTrue();
            assertThat(lag.millis()).as("nothing waits any more").isZero();
        }
    }

    /**
     * Several message threads, one order per call (docs/overload.md, "Message threads"): while one call's thread is
     * held, the datagrams of calls on the other threads are parsed and delivered, and that call's own later datagrams
     * wait behind it and come in the order they were sent.
     */
    @Test
    void callsAreProcessedInParallelEachInItsOwnOrder() throws Exception {
        int threads = 4;
        ConcurrentLinkedQueue<String> delivered = new ConcurrentLinkedQueue<>();
        Semaphore received = new Semaphore(0);
        int port = start(event -> {
            delivered.add(((javax.sip.header.CallIdHeader) event.getRequest().getHeader("Call-ID")).getCallId()
                    + " " + ((javax.sip.header.ViaHeader) event.getRequest().getHeader("Via")).getBranch());
            received.release();
        }, new ReceiveLag(), threads);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch free = new java.util.concurrent.CountDownLatch(1);
        ((SIPTransactionStack) stack).sipMessageValves.add(new BusyOnFirst(busy, free));
        int heldLane = CallIdLane.of(options("held", 1, "1"), options("held", 1, "1").length, threads);
        List<String> others = java.util.stream.IntStream.range(0, 200).mapToObj(i -> "other-" + i)
                .filter(id -> CallIdLane.of(options(id, 1, "1"), options(id, 1, "1").length, threads) != heldLane)
                .limit(20).toList();
        assertThat(others).hasSize(20);
        try (DatagramSocket relay = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            send(relay, port, "held", "1");
            assertThat(busy.await(10, TimeUnit.SECONDS)).as("the held call's thread is held").isTrue();
            send(relay, port, "held", "2");
            send(relay, port, "held", "3");
            for (String other : others) {
                send(relay, port, other, "1");
            }
            assertThat(received.tryAcquire(others.size(), 10, TimeUnit.SECONDS))
                    .as("the other calls' requests arrive while one thread is held").isTrue();
            assertThat(delivered).noneMatch(line -> line.startsWith("held@"));
            free.countDown();
            assertThat(received.tryAcquire(3, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(delivered.stream().filter(line -> line.startsWith("held@")).toList())
                    .as("the held call's requests, in the order sent")
                    .containsExactly("held@relay.example z9hG4bK-held-1", "held@relay.example z9hG4bK-held-2",
                            "held@relay.example z9hG4bK-held-3");
        }
    }

    /** A valve that holds the message thread on the first request until told, as a long GC or a busy thread would. */
    private record BusyOnFirst(java.util.concurrent.CountDownLatch busy, java.util.concurrent.CountDownLatch free)
            implements gov.nist.javax.sip.stack.SIPMessageValve {
        @Override
        public boolean processRequest(gov.nist.javax.sip.message.SIPRequest request,
                                      gov.nist.javax.sip.stack.MessageChannel channel) {
            if (busy.getCount() > 0) {
                busy.countDown();
                try {
                    free.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return true;
        }

        @Override
        public boolean processResponse(javax.sip.message.Response response, gov.nist.javax.sip.stack.MessageChannel channel) {
            return true;
        }

        @Override
        public void init(SipStack stack) {
        }

        @Override
        public void destroy() {
        }
    }

    private static void send(DatagramSocket from, int port, String callId) throws Exception {
        byte[] message = options(callId, from.getLocalPort());
        from.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
    }

    private static void send(DatagramSocket from, int port, String callId, String transaction) throws Exception {
        byte[] message = options(callId, from.getLocalPort(), transaction);
        from.send(new DatagramPacket(message, message.length, InetAddress.getLoopbackAddress(), port));
    }

    private static byte[] options(String callId, int fromPort) {
        return options(callId, fromPort, null);
    }

    private static byte[] options(String callId, int fromPort, String transaction) {
        String branch = transaction == null ? callId : callId + "-" + transaction;
        return String.join("\r\n",
                "OPTIONS sip:relaybridge@127.0.0.1 SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + fromPort + ";branch=z9hG4bK-" + branch,
                "Max-Forwards: 70",
                "From: <sip:relay@relay.example>;tag=" + callId,
                "To: <sip:relaybridge@127.0.0.1>",
                "Call-ID: " + callId + "@relay.example",
                "CSeq: " + (transaction == null ? "1" : transaction) + " OPTIONS",
                "Content-Length: 0",
                "", "").getBytes(StandardCharsets.US_ASCII);
    }

    /** A stack as SipStackRunner builds it (relaybridge's processor factory), UDP on a free port; its port. */
    private int start(java.util.function.Consumer<RequestEvent> requests) throws Exception {
        return start(requests, new ReceiveLag());
    }

    private int start(java.util.function.Consumer<RequestEvent> requests, ReceiveLag lag) throws Exception {
        return start(requests, lag, 1);
    }

    private int start(java.util.function.Consumer<RequestEvent> requests, ReceiveLag lag, int threads) throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "one-buffer-udp-test");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", String.valueOf(threads));
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(properties);
        ((SIPTransactionStack) stack).setMessageProcessorFactory(
                new GuardedProcessorFactory(new ConnectionGuard(TcpLimits.DEFAULT, address -> false), threads, lag));
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ListeningPoint point = stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
        SipProvider provider = stack.createSipProvider(point);
        provider.addSipListener(new RequestsOnly(requests));
        stack.start();
        assertThat(boundPort()).isEqualTo(port);
        return port;
    }

    /** The port the UDP processor's socket is bound to. */
    private int boundPort() throws Exception {
        Field processors = SIPTransactionStack.class.getDeclaredField("messageProcessors");
        processors.setAccessible(true);
        Field sock = UDPMessageProcessor.class.getDeclaredField("sock");
        sock.setAccessible(true);
        for (Object processor : (Collection<?>) processors.get(stack)) {
            if (processor instanceof UDPMessageProcessor udp) {
                return ((DatagramSocket) sock.get(udp)).getLocalPort();
            }
        }
        throw new AssertionError("no UDP processor in " + List.of(processors.get(stack)));
    }

    private record RequestsOnly(java.util.function.Consumer<RequestEvent> requests) implements SipListener {
        @Override
        public void processRequest(RequestEvent event) {
            requests.accept(event);
        }

        @Override
        public void processResponse(ResponseEvent event) {
        }

        @Override
        public void processTimeout(TimeoutEvent event) {
        }

        @Override
        public void processIOException(IOExceptionEvent event) {
        }

        @Override
        public void processTransactionTerminated(TransactionTerminatedEvent event) {
        }

        @Override
        public void processDialogTerminated(DialogTerminatedEvent event) {
        }
    }
}
