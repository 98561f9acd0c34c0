package se.relaybridge.sip;

/** One SIP listening point from {@code sip.json}: a transport ({@code udp}, {@code tcp}, {@code tls}) and a port. */
public record ListeningPointSpec(String transport, Integer port) {
}
