package se.relaybridge.relay;

import java.util.List;

/** {@code provider} of a relay profile: who runs the relay service. */
public record ProviderSpec(String domain, String contactUri, List<String> languages) {
}
