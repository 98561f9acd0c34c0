package se.relaybridge.overload;

/** Why a new call was shed, as metrics and the log name it. */
public enum ShedReason {
    HEAP("heap"),
    ACTIVE_CALLS("active-calls"),
    BACKLOG("backlog"),
    RECEIVE_LAG("receive-lag"),
    RATE("rate");

    private final String label;

    ShedReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
