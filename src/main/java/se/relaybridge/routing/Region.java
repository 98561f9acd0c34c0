package se.relaybridge.routing;

/** One län and the nurse queue of its region. */
public record Region(String lan, String name, String queue) {
}
