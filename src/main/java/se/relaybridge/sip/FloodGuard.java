package se.relaybridge.sip;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A per-source flood guard for SIP requests, after Kamailio's pike (docs/trust-and-floods.md). Each source address
 * has a request count per window of {@code windowSeconds}; beyond {@code limitPerSecond × windowSeconds} a request
 * is {@link Verdict#LIMITED}, beyond {@code banPerSecond × windowSeconds} the source is banned for {@code banSeconds}
 * and every request of it is {@link Verdict#BANNED} until the ban expires. Sources the allow predicate accepts
 * (relay trunks, queue targets, {@code floodGuard.allow}) always {@link Verdict#PASS}: a stranger's flood can never
 * shut out a trunk.
 * <p>
 * It is called on the SIP stack's threads for every request, so it is cheap and never waits long: the table is a
 * fixed array of small buckets allocated at start (nothing is allocated per request), each bucket under its own
 * lock held for a few field updates. A source is kept in the bucket its address hashes to; a new source takes a free
 * or the least recently seen place there that is not banned. So memory stays fixed whatever a spoofed-source flood
 * sends: when every place of a bucket holds a ban, a further new source goes untracked (and passes, counted).
 * Whether a source is allowed is asked once per source and allow list ({@code allowKey}), not per request.
 */
public final class FloodGuard {

    /** What becomes of one request. */
    public enum Verdict { PASS, LIMITED, BANNED }

    private static final int WAYS = 8;

    private final Bucket[] buckets;
    private final int mask;
    private final long windowNanos;
    private final long banNanos;
    private final int limitPerWindow;
    private final int banPerWindow;
    private final LongSupplier nanos;
    private final LongAdder limited = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder bans = new LongAdder();
    private final LongAdder untracked = new LongAdder();

    public FloodGuard(FloodGuardSpec spec, LongSupplier monotonicNanos) {
        this.nanos = monotonicNanos;
        this.windowNanos = TimeUnit.SECONDS.toNanos(spec.windowSeconds());
        this.banNanos = TimeUnit.SECONDS.toNanos(spec.banSeconds());
        this.limitPerWindow = spec.limitPerSecond() * spec.windowSeconds();
        this.banPerWindow = spec.banPerSecond() * spec.windowSeconds();
        int count = Integer.highestOneBit(Math.max(1, spec.trackedSources() / WAYS - 1)) << 1;
        this.buckets = new Bucket[count];
        for (int i = 0; i < count; i++) {
            buckets[i] = new Bucket();
        }
        this.mask = count - 1;
    }

    public FloodGuard(FloodGuardSpec spec) {
        this(spec, System::nanoTime);
    }

    /**
     * Counts one request from {@code source} and says what becomes of it. {@code allowed} is asked only when this
     * source was not yet judged against the same {@code allowKey} (the allow list in force, compared by identity).
     */
    public Verdict check(InetAddress source, Object allowKey, Predicate<InetAddress> allowed) {
        if (source == null) {
            return Verdict.PASS;
        }
        long now = nanos.getAsLong();
        Bucket bucket = buckets[spread(source.hashCode()) & mask];
        synchronized (bucket) {
            int i = bucket.find(source);
            if (i < 0) {
                i = bucket.place(now);
                if (i < 0) {
                    untracked.increment();
                    return Verdict.PASS;
                }
                bucket.take(i, source, now);
            }
            bucket.lastSeen[i] = now;
            if (bucket.allowKey[i] != allowKey) {
                bucket.allowed[i] = allowed.test(source);
                bucket.allowKey[i] = allowKey;
            }
            if (bucket.allowed[i]) {
                return Verdict.PASS;
            }
            if (bucket.banned[i]) {
                if (now - bucket.bannedUntil[i] < 0) {
                    dropped.increment();
                    return Verdict.BANNED;
                }
                // the ban is over: the source starts afresh
                bucket.banned[i] = false;
                bucket.windowStart[i] = now;
                bucket.count[i] = 0;
            }
            if (now - bucket.windowStart[i] >= windowNanos) {
                bucket.windowStart[i] = now;
                bucket.count[i] = 0;
            }
            int n = ++bucket.count[i];
            if (n > banPerWindow) {
                bucket.banned[i] = true;
                bucket.bannedUntil[i] = now + banNanos;
                bans.increment();
                dropped.increment();
                return Verdict.BANNED;
            }
            if (n > limitPerWindow) {
                limited.increment();
                return Verdict.LIMITED;
            }
            return Verdict.PASS;
        }
    }

    /** Sources whose ban has not expired yet. */
    public int bannedSources() {
        long now = nanos.getAsLong();
        int banned = 0;
        for (Bucket bucket : buckets) {
            synchronized (bucket) {
                for (int i = 0; i < WAYS; i++) {
                    if (bucket.banned[i] && now - bucket.bannedUntil[i] < 0) {
                        banned++;
                    }
                }
            }
        }
        return banned;
    }

    /** Requests refused for exceeding their source's rate (answered 503). */
    public long limitedRequests() {
        return limited.sum();
    }

    /** Requests dropped unanswered because their source is banned (the ones that started a ban included). */
    public long bannedRequests() {
        return dropped.sum();
    }

    /** Bans started since relaybridge started. */
    public long bans() {
        return bans.sum();
    }

    /** Requests from sources that found no place in the table (every place of their bucket banned). */
    public long untrackedRequests() {
        return untracked.sum();
    }

    /** Places in the table: the most sources followed at once. */
    public int capacity() {
        return buckets.length * WAYS;
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }

    /** WAYS places; the arrays are filled in at start and only overwritten afterwards. */
    private static final class Bucket {
        final InetAddress[] address = new InetAddress[WAYS];
        final long[] windowStart = new long[WAYS];
        final int[] count = new int[WAYS];
        final boolean[] banned = new boolean[WAYS];
        final long[] bannedUntil = new long[WAYS];
        final long[] lastSeen = new long[WAYS];
        final Object[] allowKey = new Object[WAYS];
        final boolean[] allowed = new boolean[WAYS];

        int find(InetAddress source) {
            for (int i = 0; i < WAYS; i++) {
                if (source.equals(address[i])) {
                    return i;
                }
            }
            return -1;
        }

        /** A free place, else the least recently seen one that holds no ban in force; -1 when every place does. */
        int place(long now) {
            int victim = -1;
            for (int i = 0; i < WAYS; i++) {
                if (address[i] == null) {
                    return i;
                }
                if (banned[i] && now - bannedUntil[i] < 0) {
                    continue;
                }
                if (victim < 0 || lastSeen[i] - lastSeen[victim] < 0) {
                    victim = i;
                }
            }
            return victim;
        }

        void take(int i, InetAddress source, long now) {
            address[i] = source;
            windowStart[i] = now;
            count[i] = 0;
            banned[i] = false;
            bannedUntil[i] = 0;
            allowKey[i] = null;
            allowed[i] = false;
        }
    }
}
