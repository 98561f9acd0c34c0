package se.relaybridge.routing;

/**
 * The parts of a PIDF-LO civic address (RFC 5139) that routing reads: {@code country}, {@code A1} (in Sweden the
 * län), {@code A2} (the municipality, by name or kommunkod) and {@code A3} (city or district). Any may be null.
 * {@code unreadable} is set instead when the body could not be used at all, saying why (for the route's trail;
 * it never repeats the body).
 */
public record CivicLocation(String country, String a1, String a2, String a3, String unreadable) {

    public static CivicLocation of(String country, String a1, String a2, String a3) {
        return new CivicLocation(country, a1, a2, a3, null);
    }

    public static CivicLocation unreadable(String why) {
        return new CivicLocation(null, null, null, null, why);
    }

    public boolean isReadable() {
        return unreadable == null;
    }
}
