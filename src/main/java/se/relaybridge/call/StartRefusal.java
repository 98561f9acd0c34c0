package se.relaybridge.call;

import se.relaybridge.config.ConfigProblem;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * What relaybridge does when it cannot start (a configuration file with a problem, the SIP port taken): with
 * {@code relaybridge.startFailure=exit} — set in the microbundle, where relaybridge is the process — the process ends
 * with a non-zero status and the reason as its last words, so that systemd, Kubernetes or whoever started it sees a
 * failed start (see docs/configuration.md). Otherwise (the WAR in a server it shares) it stays deployed, SIP closed and
 * readiness DOWN with the reason: it cannot end a server that is not its own.
 */
final class StartRefusal {

    private static final Logger LOG = Logger.getLogger(StartRefusal.class.getName());

    static final String POLICY_PROPERTY = "relaybridge.startFailure";
    static final String POLICY_ENV = "RELAYBRIDGE_START_FAILURE";
    /** sysexits.h EX_CONFIG: a restart with the same files fails the same way (systemd: RestartPreventExitStatus=78). */
    static final int BAD_CONFIGURATION = 78;
    /** sysexits.h EX_UNAVAILABLE: e.g. the SIP port is taken; a later restart may succeed. */
    static final int CANNOT_START = 69;

    private StartRefusal() {
    }

    static boolean exitsTheProcess() {
        return "exit".equals(System.getProperty(POLICY_PROPERTY, System.getenv(POLICY_ENV)));
    }

    /** One line per problem, each {@code file: field: what is wrong} for a configuration file. */
    static List<String> reasons(Throwable failure) {
        List<String> lines = new ArrayList<>();
        lines.add(String.valueOf(failure.getMessage()));
        for (Throwable more : failure.getSuppressed()) {
            lines.add(String.valueOf(more.getMessage()));
        }
        return lines;
    }

    static int exitStatus(Throwable failure) {
        return failure instanceof ConfigProblem ? BAD_CONFIGURATION : CANNOT_START;
    }

    /**
     * Ends the process from a thread of its own: the deployment that calls this must return before the server's
     * shutdown hooks can undeploy it. The reasons are written again once those hooks have had their say, so they
     * stay the last lines of the output (Kubernetes' {@code FallbackToLogsOnError} shows the last lines).
     */
    static void exitProcess(int status, List<String> reasons) {
        StringBuilder text = new StringBuilder("relaybridge did not start (exit status " + status + "):");
        reasons.forEach(line -> text.append(System.lineSeparator()).append("  ").append(line));
        LastWords lastWords = new LastWords(text.append(System.lineSeparator()).toString());
        Thread exit = new Thread(() -> {
            // the server's shutdown prints too: the last words wait until the output has been quiet a while
            System.setOut(new PrintStream(new Quiet(System.out), true));
            System.setErr(new PrintStream(new Quiet(System.err), true));
            Runtime.getRuntime().addShutdownHook(lastWords);
            LOG.severe("relaybridge stops the process: it cannot start");
            System.exit(status);
        }, "relaybridge-start-refusal");
        lastWords.exitThread = exit;
        exit.start();
    }

    /** The process's output, noting when anything was last written to it. */
    private static final class Quiet extends FilterOutputStream {

        static volatile long lastWrite = System.nanoTime();

        Quiet(OutputStream out) {
            super(out);
            try {
                write(new byte[0], 0, 0); // resolves what writing needs while the class loader still loads
            } catch (IOException e) {
                lastWrite = System.nanoTime();
            }
        }

        @Override
        public void write(int b) throws IOException {
            lastWrite = System.nanoTime();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lastWrite = System.nanoTime();
            out.write(b, off, len);
        }
    }

    /**
     * Runs while the server shuts down, when the application's class loader may no longer load anything: the text is
     * complete before, and whatever the code needs is resolved by a first run in the constructor.
     */
    private static final class LastWords extends Thread {

        private final String text;
        private volatile Thread exitThread;

        LastWords(String text) {
            super("relaybridge-last-words");
            this.text = text;
            awaitQuiet(0, 0);
            awaitOthers(0);
            say("");
        }

        @Override
        public void run() {
            long started = System.nanoTime();
            awaitQuiet(QUIET_NANOS, MAX_WAIT_NANOS);
            // the server's main thread may still be booting, and print as it finishes: wait for such threads too
            awaitOthers(MAX_WAIT_NANOS - (System.nanoTime() - started));
            say(text);
        }

        /** Joins every other live thread that is not a daemon (the boot, the other shutdown hooks), at most {@code max}. */
        private void awaitOthers(long max) {
            long deadline = System.nanoTime() + max;
            for (Thread other : Thread.getAllStackTraces().keySet()) {
                long left = deadline - System.nanoTime();
                if (other == this || other == exitThread || other.isDaemon()) {
                    continue;
                }
                try {
                    other.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (left <= 0) {
                    return;
                }
            }
        }

        /** Until nothing was written for {@code quiet}, at most {@code max}. */
        private static void awaitQuiet(long quiet, long max) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < max && System.nanoTime() - Quiet.lastWrite < quiet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private static void say(String text) {
            System.err.print(text);
            System.err.flush();
        }
    }

    private static final long QUIET_NANOS = 1_500_000_000L;
    private static final long MAX_WAIT_NANOS = 10_000_000_000L;
}
