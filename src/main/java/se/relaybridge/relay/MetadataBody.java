package se.relaybridge.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The outbound INVITE body towards a nurse queue (DESIGN §6): {@code multipart/mixed} with the SDP first,
 * then, when asked, the person's PIDF-LO, then the relay JSON and, when asked, the RFC 7852 blocks; each extra
 * part is {@code by-reference;handling=optional} so equipment that does not know it still accepts the call, and
 * is pointed to by a {@code Call-Info} value (the location: by {@code Geolocation}, RFC 6442).
 *
 * @param bytes       the body, CRLF line endings
 * @param contentType the full Content-Type header value, boundary included
 * @param callInfo    the Call-Info header values to add, one per referenced part
 * @param geolocation the {@code Geolocation} header value ({@code <cid:…>}) for the location part, or null when
 *                    the body carries no location
 */
public record MetadataBody(byte[] bytes, String contentType, List<String> callInfo, String geolocation) {

    public static final String JSON_TYPE = "application/vnd.relaybridge.relay+json";
    public static final String RELAY_METADATA_PURPOSE = "relay-metadata";
    public static final String PIDF_TYPE = "application/pidf+xml";

    /** The right-hand side of a Content-ID (RFC 5322 msg-id): a domain name, or an address literal. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    private static final String CRLF = "\r\n";

    public MetadataBody {
        bytes = bytes.clone();
        callInfo = List.copyOf(callInfo);
    }

    /** A body without location. */
    public MetadataBody(byte[] bytes, String contentType, List<String> callInfo) {
        this(bytes, contentType, callInfo, null);
    }

    /** The multipart boundary, as {@link #contentType()} names it. */
    public String boundary() {
        return contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
    }

    /** A copy: the body is handed to the SIP stack, and one caller must not change another's message. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * @param session the metadata to send
     * @param host    relaybridge's public host name, the right-hand side of every Content-ID
     */
    public static Builder builder(RelaySession session, String host) {
        return new Builder(session, host);
    }

    /** Collects the optional parts; {@link #build()} may be called once per body. */
    public static final class Builder {
        private final RelaySession session;
        private final String host;
        private byte[] sdp;
        private ProviderSpec emergencyProvider;
        private boolean subscriber;
        private byte[] location;
        private Supplier<String> boundaries = Builder::randomBoundary;

        private Builder(RelaySession session, String host) {
            this.session = Objects.requireNonNull(session, "session");
            if (host == null || !HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("host must be a domain name or an address literal");
            }
            this.host = host;
        }

        /** The SDP offer or answer, passed on byte for byte; leave it out for a delayed offer. */
        public Builder sdp(byte[] sdpBytes) {
            this.sdp = sdpBytes == null ? null : sdpBytes.clone();
            return this;
        }

        public Builder sdp(String sdpText) {
            return sdp(sdpText == null ? null : sdpText.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds RFC 7852 ProviderInfo and ServiceInfo (skipped if the provider has no contact URI). */
        public Builder emergencyCallData(ProviderSpec provider) {
            this.emergencyProvider = provider;
            return this;
        }

        /**
         * Also adds RFC 7852 SubscriberInfo with the session's person number. Only next to ProviderInfo: §4.1
         * requires ProviderInfo from anyone who sends another block. No usable number, no block.
         */
        public Builder subscriber(boolean withSubscriber) {
            this.subscriber = withSubscriber;
            return this;
        }

        /**
         * The person's PIDF-LO (RFC 4119) to pass on by value, byte for byte: RFC 6442 forbids intermediaries to
         * change a location. {@link MetadataBody#geolocation()} then names its part; the caller adds it as the
         * {@code Geolocation} header, with the {@code Geolocation-Routing} it decides on (RFC 6442 §4.1, §4.2).
         * Null or empty: no location.
         */
        public Builder location(byte[] pidfLo) {
            this.location = pidfLo == null || pidfLo.length == 0 ? null : pidfLo.clone();
            return this;
        }

        /** Tests use this to force a boundary that collides with the content. */
        Builder boundaries(Supplier<String> supplier) {
            this.boundaries = supplier;
            return this;
        }

        public MetadataBody build() {
            List<Part> parts = new ArrayList<>();
            List<String> callInfo = new ArrayList<>();
            if (sdp != null) {
                parts.add(new Part(List.of("Content-Type: application/sdp"), sdp));
            }
            String geolocation = null;
            if (location != null) {
                // right after the SDP, where RFC 7852's Figure 14 puts it
                geolocation = "<cid:" + addPart(parts, PIDF_TYPE, "location-", location) + ">";
            }
            addReferenced(parts, callInfo, JSON_TYPE, "relay-", RELAY_METADATA_PURPOSE,
                    RelaySessionJson.toJson(session));
            if (emergencyProvider != null) {
                String reference = EmergencyCallDataXml.dataProviderReference(session, host);
                EmergencyCallDataXml.providerInfo(session, emergencyProvider, reference).ifPresent(xml -> {
                    addReferenced(parts, callInfo, EmergencyCallDataXml.PROVIDER_INFO_TYPE, "providerinfo-",
                            "EmergencyCallData.ProviderInfo", xml);
                    addReferenced(parts, callInfo, EmergencyCallDataXml.SERVICE_INFO_TYPE, "serviceinfo-",
                            "EmergencyCallData.ServiceInfo", EmergencyCallDataXml.serviceInfo(reference));
                    if (subscriber) {
                        EmergencyCallDataXml.subscriberInfo(session.personNumber(), reference).ifPresent(sub ->
                                addReferenced(parts, callInfo, EmergencyCallDataXml.SUBSCRIBER_INFO_TYPE,
                                        "subscriberinfo-", "EmergencyCallData.SubscriberInfo", sub));
                    }
                });
            }
            String boundary = boundaryNotIn(parts);
            return new MetadataBody(encode(parts, boundary), "multipart/mixed; boundary=" + boundary, callInfo,
                    geolocation);
        }

        private void addReferenced(List<Part> parts, List<String> callInfo, String type, String idPrefix,
                                   String purpose, String content) {
            String contentId = addPart(parts, type, idPrefix, content.getBytes(StandardCharsets.UTF_8));
            callInfo.add("<cid:" + contentId + ">;purpose=" + purpose);
        }

        /** @return the new part's Content-ID, without brackets */
        private String addPart(List<Part> parts, String type, String idPrefix, byte[] content) {
            String contentId = idPrefix + session.callId() + "@" + host;
            parts.add(new Part(List.of("Content-Type: " + type, "Content-ID: <" + contentId + ">",
                    "Content-Disposition: by-reference;handling=optional"), content));
            return contentId;
        }

        /** RFC 2046 §5.1.1: the boundary must not appear in any encapsulated part. */
        private String boundaryNotIn(List<Part> parts) {
            while (true) {
                String candidate = boundaries.get();
                byte[] needle = candidate.getBytes(StandardCharsets.US_ASCII);
                if (parts.stream().noneMatch(p -> contains(p.content(), needle))) {
                    return candidate;
                }
            }
        }

        private static String randomBoundary() {
            byte[] random = new byte[12];
            ThreadLocalRandom.current().nextBytes(random);
            return "rb-boundary-" + HexFormat.of().formatHex(random);
        }
    }

    private record Part(List<String> headers, byte[] content) {
    }

    /** Written into one array of the body's exact size: no stream growing and copying on every call. */
    private static byte[] encode(List<Part> parts, String boundary) {
        int size = 0;
        for (Part part : parts) {
            size += 2 + boundary.length() + 2;
            for (String header : part.headers()) {
                size += header.length() + 2;
            }
            size += 2 + part.content().length + 2;
        }
        size += 2 + boundary.length() + 2 + 2;
        byte[] out = new byte[size];
        int at = 0;
        for (Part part : parts) {
            at = ascii(out, at, "--");
            at = ascii(out, at, boundary);
            at = ascii(out, at, CRLF);
            for (String header : part.headers()) {
                at = ascii(out, at, header);
                at = ascii(out, at, CRLF);
            }
            at = ascii(out, at, CRLF);
            System.arraycopy(part.content(), 0, out, at, part.content().length);
            at += part.content().length;
            // this CRLF belongs to the next delimiter (RFC 2046), so the part's content stays exact
            at = ascii(out, at, CRLF);
        }
        at = ascii(out, at, "--");
        at = ascii(out, at, boundary);
        at = ascii(out, at, "--");
        ascii(out, at, CRLF);
        return out;
    }

    /**
     * Headers and boundary are ASCII (the boundary is hex, the Content-IDs a checked host name and a call id); a
     * character outside it would be written as '?'.
     */
    private static int ascii(byte[] out, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out[at + i] = c < 0x80 ? (byte) c : (byte) '?';
        }
        return at + text.length();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
