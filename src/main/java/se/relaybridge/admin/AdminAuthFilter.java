package se.relaybridge.admin;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code /api} request needs a login (HTTP Basic, over TLS in production): reading needs {@code viewer} or
 * {@code ops}, anything that changes needs {@code ops}. One rule by HTTP method keeps a new endpoint from being
 * left open by a forgotten annotation.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAuthFilter implements ContainerRequestFilter {

    static final String CHALLENGE = "Basic realm=\"relaybridge\", charset=\"UTF-8\"";
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    AdminAccess access;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<AdminUser> user = access.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (user.isEmpty()) {
            String detail = access.noLoginsReason()
                    .map(why -> "the admin API has no logins configured (" + why + "); see README, Admin API")
                    .orElse("log in with HTTP Basic as an ops or viewer user");
            request.abortWith(Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, detail).toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        AdminUser who = user.get();
        if (!READ_METHODS.contains(request.getMethod()) && !who.role().mayChange()) {
            request.abortWith(Problem.of(Response.Status.FORBIDDEN,
                    "'" + who.name() + "' is a " + who.role().wireName() + "; changes need the ops role").toResponse());
            return;
        }
        boolean secure = request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return who::name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return who.role().wireName().equals(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return SecurityContext.BASIC_AUTH;
            }
        });
    }
}
