package se.relaybridge.relay;

import java.util.Optional;

/** The kind of relay: text relay (RTT), sign-language video relay, or Teletal speech support. */
public enum RelayService {
    TEXT("text"), VIDEO("video"), SPEECH("speech");

    /** values() copies its array on each call; a call's profile asks for its service on every relay call. */
    private static final RelayService[] VALUES = values();

    private final String wireName;

    RelayService(String wireName) {
        this.wireName = wireName;
    }

    /** The value used in profiles and in {@code X-Relay-Service}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<RelayService> fromWireName(String name) {
        for (RelayService service : VALUES) {
            if (service.wireName.equals(name)) {
                return Optional.of(service);
            }
        }
        return Optional.empty();
    }
}
