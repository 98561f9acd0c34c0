package se.relaybridge.admin;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-site request forgery protection for the admin API's changes. A browser keeps the Basic login of
 * relaybridge and would send it with a form or a {@code fetch} that another site's page makes; so every request
 * that changes something (any method but GET, HEAD, OPTIONS) must
 * <ul>
 *   <li>carry its body, if it has one, as {@code application/json}: an HTML form can only send
 *       {@code text/plain}, {@code application/x-www-form-urlencoded} or {@code multipart/form-data}, and a
 *       cross-site {@code fetch} with JSON needs a CORS preflight that relaybridge never grants (415 otherwise);</li>
 *   <li>not come from another site by the browser's own account: {@code Sec-Fetch-Site} must be
 *       {@code same-origin} or {@code none} when present, and {@code Origin} must be this server's own origin
 *       (the {@code Host} it was asked under) when present (403 otherwise).</li>
 * </ul>
 * Scripts and {@code curl} send neither header and are not affected; a browser sends {@code Origin} with every
 * change it makes. The rule is documented in docs/management.md.
 */
final class SameOriginRule {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private SameOriginRule() {
    }

    /** The problem that refuses this request, or empty when it may go on. */
    static Optional<Problem> check(String method, String contentType, boolean hasBody, String origin,
                                   String fetchSite, String host) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if ((hasBody || contentType != null) && !isJson(contentType)) {
            return Optional.of(new Problem("about:blank", "Unsupported Media Type", 415,
                    "a change to relaybridge takes its body as application/json only (protection against cross-site"
                            + " requests), not " + (contentType == null ? "a body without Content-Type" : contentType),
                    List.of(new Problem.FieldProblem(null, "Content-Type", "Content-Type: must be application/json"))));
        }
        if (fetchSite != null && !OWN_SITE.contains(fetchSite.trim().toLowerCase(Locale.ROOT))) {
            return Optional.of(crossSite("Sec-Fetch-Site", "the browser says this request comes from another site ("
                    + fetchSite.trim() + ")"));
        }
        if (origin != null && !sameAuthority(origin.trim(), host)) {
            return Optional.of(crossSite("Origin", "the request comes from " + origin.trim()
                    + ", not from this server's own origin"));
        }
        return Optional.empty();
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim()
                .equalsIgnoreCase("application/json");
    }

    /** The Origin's host and port against the Host header's, default ports by the Origin's scheme. */
    static boolean sameAuthority(String origin, String host) {
        if (host == null || host.isBlank() || origin.equals("null")) {
            return false;
        }
        try {
            URI o = URI.create(origin);
            URI h = URI.create(o.getScheme() + "://" + host.trim());
            if (o.getHost() == null || h.getHost() == null) {
                return false;
            }
            return o.getHost().equalsIgnoreCase(h.getHost()) && port(o) == port(h);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Problem crossSite(String header, String detail) {
        return new Problem("about:blank", "Cross-site request refused", 403, detail + "; relaybridge takes changes"
                + " only from its own pages or from clients that are not browsers (see docs/management.md)",
                List.of(new Problem.FieldProblem(null, header, header + ": not this server's own origin")));
    }
}
