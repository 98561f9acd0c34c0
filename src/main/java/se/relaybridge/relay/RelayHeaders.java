package se.relaybridge.relay;

/** Header names of the metadata contract (DESIGN §6); these names are final. */
public final class RelayHeaders {

    public static final String SERVICE = "X-Relay-Service";
    public static final String PROVIDER = "X-Relay-Provider";
    public static final String INTERPRETER = "X-Relay-Interpreter";
    public static final String LANGUAGES = "X-Relay-Languages";
    public static final String CALLBACK = "X-Relay-Callback";
    public static final String CALL_ID = "X-Relay-Call-Id";
    public static final String P_ASSERTED_IDENTITY = "P-Asserted-Identity";
    public static final String P_PREFERRED_IDENTITY = "P-Preferred-Identity";

    private RelayHeaders() {
    }
}
