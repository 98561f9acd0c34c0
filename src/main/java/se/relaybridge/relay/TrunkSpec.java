package se.relaybridge.relay;

import java.util.List;

/** {@code trunk} of a relay profile: where the relay's calls come from and how many it may send. */
public record TrunkSpec(List<String> sources, List<String> transports, String tlsSubject,
                        Integer maxConcurrentCalls, Integer maxCallsPerSecond) {
}
