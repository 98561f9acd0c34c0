package se.relaybridge.relay;

import java.util.Arrays;
import java.util.Optional;

/** The kind of relay: text relay (RTT), sign-language video relay, or Teletal speech support. */
public enum RelayService {
    TEXT("text"), VIDEO("video"), SPEECH("speech");

    private final String wireName;

    RelayService(String wireName) {
        this.wireName = wireName;
    }

    /** The value used in profiles and in {@code X-Relay-Service}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<RelayService> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
