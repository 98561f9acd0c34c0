package se.relaybridge.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the OPTIONS pings last said of each queue target. A target that stopped answering is tried only after
 * every answering one, so calls skip it until it answers again, yet are never refused only because of it.
 */
public final class TargetHealth {

    public enum State { UNKNOWN, UP, DOWN }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    public void answered(String target) {
        states.put(target, State.UP);
    }

    public void silent(String target) {
        states.put(target, State.DOWN);
    }

    public State state(String target) {
        return states.getOrDefault(target, State.UNKNOWN);
    }

    /** The queue's targets in the order to try them: configured order, silent targets last. */
    public List<String> order(List<String> targets) {
        List<String> answering = new ArrayList<>();
        List<String> silentOnes = new ArrayList<>();
        for (String target : targets) {
            (state(target) == State.DOWN ? silentOnes : answering).add(target);
        }
        answering.addAll(silentOnes);
        return answering;
    }

    public Map<String, State> snapshot() {
        return Map.copyOf(states);
    }
}
