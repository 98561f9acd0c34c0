package se.relaybridge.relay;

/** One relay provider trunk, as written in {@code relay-profiles/<id>.json}. */
public record RelayProfile(String id, String name, String service, TrunkSpec trunk, ProviderSpec provider,
                           InboundHeaders inbound, CallbackSpec callback) {

    /** Valid only after {@link ProfileValidator} accepted the profile. */
    public RelayService relayService() {
        return RelayService.fromWireName(service).orElseThrow();
    }

    public InboundHeaders inboundHeaders() {
        return inbound == null ? InboundHeaders.DEFAULTS : inbound.withDefaults();
    }
}
