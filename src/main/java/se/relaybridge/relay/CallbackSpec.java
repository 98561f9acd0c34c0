package se.relaybridge.relay;

/** {@code callback}: how a nurse reaches the person back through this relay. */
public record CallbackSpec(String uriTemplate, Integer validHours) {
}
