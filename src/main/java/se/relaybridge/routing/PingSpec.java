package se.relaybridge.routing;

/** {@code ping} in {@code queues.json}: how often queue targets are asked OPTIONS, and how long they may take. */
public record PingSpec(Integer intervalSeconds, Integer timeoutSeconds) {
}
