package se.relaybridge.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps a copy of every line printed to this JVM's standard output and error while still printing it: the
 * Arquillian Payara Micro container copies the server's console (relaybridge's log lines included) to
 * {@code System.out}, so this is where a deployed run's log can be read from inside the test.
 */
final class ConsoleCapture {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private ConsoleCapture() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        System.setOut(tee(System.out));
        System.setErr(tee(System.err));
        installed = true;
    }

    static int size() {
        return LINES.size();
    }

    static List<String> linesFrom(int start) {
        List<String> all = List.copyOf(LINES);
        return all.subList(Math.min(start, all.size()), all.size());
    }

    private static PrintStream tee(PrintStream original) {
        OutputStream copy = new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                if (b == '\n') {
                    LINES.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }

            @Override
            public synchronized void write(byte[] bytes, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                    write(bytes[i]);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        return new PrintStream(copy, true, StandardCharsets.UTF_8);
    }
}
