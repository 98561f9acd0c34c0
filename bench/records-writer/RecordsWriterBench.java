package se.relaybridge.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import se.relaybridge.callback.CallbackGrant;
import se.relaybridge.callback.CallbackToken;

/**
 * The call records writer on its own, without SIP: call lifecycles as the B2BUA hands them over (in progress when
 * the queue is tried, answered five milliseconds later and waited for, ended after the hold) written through
 * {@link CallRecords} into a fresh H2 file or a fresh PostgreSQL schema. Uses only what {@link CallRecords} had
 * before the JDBC writer, so that bench/records-writer-bench.sh runs the same class against the commit before it.
 * Not a test: it asserts nothing and prints figures.
 *
 * <p>Arguments: {@code h2|postgresql label warmUpSeconds burstCalls rate,rate,... seconds}. PostgreSQL is named by
 * {@code RELAYBRIDGE_TEST_POSTGRES_URL}, {@code _USER} and {@code _PASSWORD}, as for the tests.
 */
public final class RecordsWriterBench {

    private static final Duration FLUSH = Duration.ofMinutes(5);
    private static final long ANSWER_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long HOLD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String RELAY_JSON = "{\"version\":1,\"service\":\"text\",\"provider\":{\"name\":"
            + "\"Texttelefoni.se\",\"interpreterId\":\"tolk-4711\"},\"caller\":{\"number\":\"+46701234567\","
            + "\"municipality\":\"1480\",\"language\":\"sv\"},\"route\":{\"region\":\"14\",\"regionName\":"
            + "\"V\u00e4stra G\u00f6talands l\u00e4n\",\"evidence\":\"kommunkod\",\"queue\":\"nurse\"},"
            + "\"sessionId\":\"0123456789abcdef0123456789abcdef\",\"offeredAt\":\"2026-12-01T22:00:00Z\"}";

    private RecordsWriterBench() {
    }

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        String label = args[1];
        int warmUp = Integer.parseInt(args[2]);
        int burst = Integer.parseInt(args[3]);
        int[] rates = Arrays.stream(args[4].split(",")).mapToInt(Integer::parseInt).toArray();
        int seconds = Integer.parseInt(args[5]);
        try (Database database = Database.of(vendor)) {
            try (CallRecords records = CallRecords.open(database.settings(), Clock.systemUTC(), 1_000_000)) {
                // the JIT and the database's caches first, at 500 calls/s, not measured
                if (warmUp > 0) {
                    paced(records, "warm", 500, warmUp);
                }
                System.out.println(burst(records, "b", burst).burstLine(label, vendor));
                for (int rate : rates) {
                    System.out.println(paced(records, "p" + rate, rate, seconds).pacedLine(label, vendor, rate,
                            seconds));
                }
                System.out.printf(Locale.ROOT, "%-4s %-10s records dropped %d, failed %d%n", label, vendor,
                        records.dropped(), records.failed());
            }
        }
    }

    /**
     * Every call at once, as fast as the writer takes them: first each call's start and answer, then each call's
     * end, so that a call's end comes in a later batch than its start, as it does with calls that last.
     */
    private static Result burst(CallRecords records, String prefix, int calls) {
        Meter meter = new Meter(calls);
        String[] ids = new String[calls];
        Instant[] offered = new Instant[calls];
        for (int i = 0; i < calls; i++) {
            ids[i] = id(prefix, i);
            offered[i] = Instant.now();
            records.started(facts(ids[i], offered[i], null, null));
            grant(records, ids[i], offered[i]);
            meter.answer(records, i, facts(ids[i], offered[i], offered[i].plusMillis(5), null));
        }
        for (int i = 0; i < calls; i++) {
            records.finished(facts(ids[i], offered[i], offered[i].plusMillis(5), offered[i].plusSeconds(1)));
        }
        return meter.finish(records, calls * 3);
    }

    /** {@code rate} calls a second for {@code seconds}, each answered 5 ms after it starts and ended 1 s later. */
    private static Result paced(CallRecords records, String prefix, int rate, int seconds) {
        int calls = rate * seconds;
        Meter meter = new Meter(calls);
        Instant[] offered = new Instant[calls];
        long start = System.nanoTime();
        int started = 0;
        int answered = 0;
        int ended = 0;
        while (ended < calls) {
            long now = System.nanoTime() - start;
            while (started < calls && due(started, rate, 0) <= now) {
                offered[started] = Instant.now();
                String id = id(prefix, started);
                records.started(facts(id, offered[started], null, null));
                grant(records, id, offered[started]);
                started++;
            }
            while (answered < started && due(answered, rate, ANSWER_AFTER_NANOS) <= now) {
                Instant at = offered[answered];
                meter.answer(records, answered, facts(id(prefix, answered), at, at.plusMillis(5), null));
                answered++;
            }
            while (ended < answered && due(ended, rate, HOLD_NANOS) <= now) {
                Instant at = offered[ended];
                records.finished(facts(id(prefix, ended), at, at.plusMillis(5), at.plusSeconds(1)));
                ended++;
            }
            LockSupport.parkNanos(200_000);
        }
        return meter.finish(records, calls * 3);
    }

    /** Each call's callback grant, issued as the call's first attempt towards the queue starts (CallbackMinter). */
    private static void grant(CallRecords records, String callId, Instant issued) {
        records.callbackTokens().issue(new CallbackGrant(CallbackToken.newToken(), callId, "texttelefoni", "text",
                "+46701234567", RELAY_JSON, issued, issued.plus(Duration.ofHours(72))));
    }

    private static long due(int call, int rate, long after) {
        return call * 1_000_000_000L / rate + after;
    }

    private static String id(String prefix, int i) {
        return "rb-" + prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + "-" + i;
    }

    private static CallFacts facts(String id, Instant offered, Instant answered, Instant ended) {
        return new CallFacts(id, "0123456789abcdef0123456789abcdef", "texttelefoni", "text", "Texttelefoni.se",
                "tolk-4711", "14", "V\u00e4stra G\u00f6talands l\u00e4n", "nurse", "kommunkod", "sv", "none",
                RELAY_JSON, List.of("sip:1177@10.0.0.5:5060"), ended == null ? null : "completed:relay-hangup",
                ended == null ? null : "relay", offered, answered, ended);
    }

    /** Times each answered call's wait for its commit, and the records writer's CPU. */
    private static final class Meter {
        private final long[] waits;
        private final AtomicInteger told = new AtomicInteger();
        private final long startNanos = System.nanoTime();
        private final long startCpu = cpuNanos(RECORDS_THREAD);
        private final long startGrantsCpu = cpuNanos(GRANTS_THREAD);

        Meter(int calls) {
            waits = new long[calls];
        }

        void answer(CallRecords records, int call, CallFacts facts) {
            long asked = System.nanoTime();
            records.answered(facts).whenComplete((done, failure) -> {
                waits[call] = System.nanoTime() - asked;
                told.incrementAndGet();
            });
        }

        Result finish(CallRecords records, int writes) {
            long handedOver = System.nanoTime();
            if (!records.flush(FLUSH) || !records.callbackTokens().flush(FLUSH)) {
                throw new IllegalStateException("the writer did not catch up within " + FLUSH);
            }
            long elapsed = System.nanoTime() - startNanos;
            long behind = System.nanoTime() - handedOver;
            long cpu = cpuNanos(RECORDS_THREAD) - startCpu;
            long grantsCpu = cpuNanos(GRANTS_THREAD) - startGrantsCpu;
            while (told.get() < waits.length) {
                Thread.onSpinWait();
            }
            long[] sorted = waits.clone();
            Arrays.sort(sorted);
            return new Result(writes, elapsed, behind, cpu, grantsCpu, pick(sorted, 0.50), pick(sorted, 0.99),
                    sorted[sorted.length - 1], waits.length);
        }

        private static long pick(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
        }
    }

    /** {@code behindNanos}: from the last write handed over until the writer had committed everything. */
    private record Result(int writes, long elapsedNanos, long behindNanos, long writerCpuNanos, long grantsCpuNanos,
                          long p50, long p99,
                          long max, int calls) {
        String burstLine(String label, String vendor) {
            double secs = elapsedNanos / 1e9;
            return String.format(Locale.ROOT, "%-4s %-10s burst of %6d calls: %6.0f calls/s %7.0f writes/s"
                            + "   answered commit p50 %7.1f ms p99 %7.1f ms max %7.1f ms   " + CPU,
                    label, vendor, calls, calls / secs, writes / secs, p50 / 1e6, p99 / 1e6, max / 1e6,
                    writerCpuNanos / 1e3 / calls, grantsCpuNanos / 1e3 / calls,
                    (writerCpuNanos + grantsCpuNanos) / 1e3 / calls);
        }

        String pacedLine(String label, String vendor, int rate, int seconds) {
            return String.format(Locale.ROOT, "%-4s %-10s %5d calls/s for %2d s: behind at the end %6.0f ms"
                            + "       answered commit p50 %7.1f ms p99 %7.1f ms max %7.1f ms   " + CPU,
                    label, vendor, rate, seconds, behindNanos / 1e6, p50 / 1e6, p99 / 1e6, max / 1e6,
                    writerCpuNanos / 1e3 / calls, grantsCpuNanos / 1e3 / calls,
                    (writerCpuNanos + grantsCpuNanos) / 1e3 / calls);
        }
    }

    private static final String CPU = "CPU records %5.0f + grants %5.0f = %5.0f us/call";
    private static final String RECORDS_THREAD = "relaybridge-records";
    private static final String GRANTS_THREAD = "relaybridge-callback-grants";

    /*
     * The records' and the grants' own threads: what they spend is what a call costs the node (H2 runs inside them).
     * A thread that is gone (the grants' thread of a checkout that writes them with the records) counts nothing.
     */
    private static long cpuNanos(String thread) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(thread))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    /** A fresh H2 file or PostgreSQL schema, removed afterwards. */
    private interface Database extends AutoCloseable {
        DatabaseSettings settings();

        @Override
        void close() throws Exception;

        static Database of(String vendor) throws Exception {
            if (vendor.equals("h2")) {
                Path folder = Files.createTempDirectory("records-bench");
                DatabaseSettings settings = DatabaseSettings.of("jdbc:h2:file:" + folder.resolve("records")
                        + ";AUTO_SERVER=FALSE" + System.getenv().getOrDefault("H2_URL_SETTINGS", ""), "rb", "");
                return new Database() {
                    public DatabaseSettings settings() {
                        return settings;
                    }

                    public void close() throws Exception {
                        try (var files = Files.walk(folder)) {
                            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                        }
                    }
                };
            }
            String url = System.getenv("RELAYBRIDGE_TEST_POSTGRES_URL");
            String user = System.getenv("RELAYBRIDGE_TEST_POSTGRES_USER");
            String password = System.getenv("RELAYBRIDGE_TEST_POSTGRES_PASSWORD");
            if (url == null) {
                throw new IllegalArgumentException("postgresql: set RELAYBRIDGE_TEST_POSTGRES_URL, _USER, _PASSWORD");
            }
            String schema = "rb_bench_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            execute(url, user, password, "CREATE SCHEMA " + schema);
            DatabaseSettings settings = DatabaseSettings.of(url + (url.contains("?") ? "&" : "?") + "currentSchema="
                    + schema, user, password);
            return new Database() {
                public DatabaseSettings settings() {
                    return settings;
                }

                public void close() throws SQLException {
                    execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE");
                }
            };
        }

        private static void execute(String url, String user, String password, String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }
}
