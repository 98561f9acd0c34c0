package se.relaybridge.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Target health of a single node, in memory: lost at a restart, which pings and calls relearn within seconds. */
public final class LocalTargetHealth implements TargetHealth {

    private final Map<String, Status> states = new ConcurrentHashMap<>();

    @Override
    public Status put(String target, Status status) {
        Status before = states.put(target, status);
        return before == null ? Status.UNKNOWN : before;
    }

    @Override
    public Status get(String target) {
        return states.getOrDefault(target, Status.UNKNOWN);
    }

    @Override
    public Map<String, Status> snapshot() {
        return Map.copyOf(states);
    }
}
