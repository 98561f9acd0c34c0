package se.relaybridge.routing;

import java.time.Instant;

/**
 * What is known of a relay call when its queue is chosen. Every field but {@code profileId} may be null.
 *
 * @param profileId    the relay profile the call came in on
 * @param personNumber the person's E.164 number ({@code +46…}), from P-Asserted-Identity
 * @param kommunkod    the four-digit municipality code the relay sent
 * @param geolocation  the civic address of a {@code Geolocation} by value; only when the request said
 *                     {@code Geolocation-Routing: yes}, otherwise null (the person did not allow routing by it)
 * @param language     the language the nurse must speak (BCP 47), as the relay sent it
 * @param at           when the call is routed; null for the router's clock
 */
public record RouteRequest(String profileId, String personNumber, String kommunkod, CivicLocation geolocation,
                           String language, Instant at) {
}
