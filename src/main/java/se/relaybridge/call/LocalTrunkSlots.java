package se.relaybridge.call;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TrunkSlots} of a node on its own: an atomic counter per trunk (admissions run on many executors at once). */
public final class LocalTrunkSlots implements TrunkSlots {

    private final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();

    @Override
    public boolean take(String trunk, Integer max) {
        AtomicInteger calls = counter(trunk);
        if (max != null && calls.incrementAndGet() > max) {
            calls.decrementAndGet();
            return false;
        }
        if (max == null) {
            calls.incrementAndGet();
        }
        return true;
    }

    @Override
    public void hold(String trunk) {
        counter(trunk).incrementAndGet();
    }

    @Override
    public void release(String trunk) {
        counter(trunk).decrementAndGet();
    }

    @Override
    public int taken(String trunk) {
        AtomicInteger calls = taken.get(trunk);
        return calls == null ? 0 : calls.get();
    }

    private AtomicInteger counter(String trunk) {
        return taken.computeIfAbsent(trunk, id -> new AtomicInteger());
    }
}
