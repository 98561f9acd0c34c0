package se.relaybridge.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SIPp process playing a relay trunk (UAC) or a nurse queue (UAS) for exactly one call. Its exit status
 * and message trace are what a test asserts.
 */
public final class SippPeer {

    private static final AtomicInteger RUNS = new AtomicInteger();
    public static final Path WORK = Path.of("target/sipp");

    private final String label;
    private final Process process;
    private final Path messages;
    private final Path errors;
    private final Path output;
    private final boolean queueTarget;

    private SippPeer(String label, Process process, Path messages, Path errors, Path output, boolean queueTarget) {
        this.queueTarget = queueTarget;
        this.label = label;
        this.process = process;
        this.messages = messages;
        this.errors = errors;
        this.output = output;
    }

    /**
     * A nurse queue target (UAS) on {@code ip:port}, answering relaybridge's OPTIONS pings and waiting for
     * one call; returns once its socket is bound.
     */
    public static SippPeer uas(Scenario scenario, String ip, int port, Duration timeout) {
        return uas(scenario, ip, port, timeout, "udp");
    }

    /** As above over {@code transport}: {@code udp} or {@code tcp}. */
    public static SippPeer uas(Scenario scenario, String ip, int port, Duration timeout, String transport) {
        SippPeer peer = start(scenario.asQueueTarget(), ip, port, null, timeout, true, transport);
        peer.awaitBound(ip, port, transport);
        return peer;
    }

    /** A UAC placing one call from {@code localIp:localPort} to {@code target} ("host:port"). */
    public static SippPeer uac(Scenario scenario, String localIp, int localPort, String target, Duration timeout) {
        return start(scenario, localIp, localPort, target, timeout, false, "udp");
    }

    /** As above over {@code transport}: {@code udp} or {@code tcp}. */
    public static SippPeer uac(Scenario scenario, String localIp, int localPort, String target, Duration timeout,
                               String transport) {
        return start(scenario, localIp, localPort, target, timeout, false, transport);
    }

    private static SippPeer start(Scenario scenario, String ip, int port, String target, Duration timeout,
                                  boolean queueTarget, String transport) {
        String run = String.format("%03d-%s", RUNS.incrementAndGet(), scenario.name());
        Path file = scenario.writeTo(WORK, run);
        Path messages = WORK.resolve(run + "-messages.log");
        Path errors = WORK.resolve(run + "-errors.log");
        Path output = WORK.resolve(run + "-stdout.log");
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", ip, "-p",
                String.valueOf(port), "-bind_local", "-nostdin", "-trace_msg", "-message_file",
                messages.toString(), "-trace_err", "-error_file", errors.toString(),
                "-timeout", timeout.toSeconds() + "s", "-timeout_error", "-max_retrans", "10"));
        if (!queueTarget) {
            command.addAll(List.of("-m", "1"));
        }
        command.addAll(List.of("-t", "tcp".equalsIgnoreCase(transport) ? "t1" : "u1"));
        if (target != null) {
            command.add(target);
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            return new SippPeer(run, process, messages, errors, output, queueTarget);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp (install Debian package sip-tester)", e);
        }
    }

    /**
     * Waits for SIPp to finish its call; 0 means the call followed the scenario exactly. A queue target stops
     * itself at the end of its call with an internal command, which SIPp reports as 97 when no call failed.
     */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
                process.destroyForcibly();
                return -100;
            }
            int exit = process.exitValue();
            return queueTarget && exit == 97 ? 0 : exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -101;
        }
    }

    public void kill() {
        process.destroyForcibly();
    }

    public String messages() {
        return readIfPresent(messages);
    }

    /** Everything a failing test should show about this peer. */
    public String report() {
        return "\n=== sipp " + label + " output ===\n" + readIfPresent(output)
                + "\n=== errors ===\n" + readIfPresent(errors)
                + "\n=== messages ===\n" + readIfPresent(messages);
    }

    /** The first received SIP request of the given method, as SIPp logged it. */
    public SipText received(String method) {
        return SipText.receivedRequests(messages()).stream().filter(m -> m.method().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError(label + " received no " + method + report()));
    }

    public List<SipText> receivedAll() {
        return SipText.receivedRequests(messages());
    }

    private void awaitBound(String ip, int port, String transport) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("sipp UAS exited early" + report());
            }
            if (Ports.isBound(ip, port, transport)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("sipp UAS did not bind " + ip + ":" + port + report());
    }

    private static String readIfPresent(Path path) {
        try {
            return Files.exists(path) ? Files.readString(path, StandardCharsets.ISO_8859_1) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
