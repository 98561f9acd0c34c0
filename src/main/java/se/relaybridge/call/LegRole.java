package se.relaybridge.call;

/** Which side of the call a leg is: the relay trunk (we answer) or the nurse queue (we call). */
public enum LegRole {
    RELAY, QUEUE
}
