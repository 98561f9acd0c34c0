package se.relaybridge.runtime;

import java.util.concurrent.ThreadFactory;

/**
 * relaybridge's own background threads: daemons, so that none of them keeps a JVM alive whose stop did not reach
 * it, and named {@code relaybridge-…}, so that a thread dump (and the redeploy test) tells them apart.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
