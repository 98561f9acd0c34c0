package se.relaybridge.relay;

/**
 * The raw relay metadata of one inbound INVITE, as text straight from the message: any field may be null
 * (header absent, delayed offer) or malformed. Only values from a trusted relay trunk belong here (RFC 3325).
 *
 * @param pAssertedIdentity the P-Asserted-Identity header value (one or more name-addrs, or a bare URI)
 * @param interpreter       the profile's interpreter header value
 * @param municipality      the profile's municipality header value
 * @param language          the profile's language header value (comma- or space-separated tags)
 * @param sessionId         the RFC 7989 Session-ID header value
 * @param sdp               the SDP body, or null
 */
public record InboundMetadata(String pAssertedIdentity, String interpreter, String municipality, String language,
                              String sessionId, String sdp) {
}
