package se.relaybridge.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Applies {@link SameOriginRule} to every admin API request, after the login check. */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class SameOriginFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        SameOriginRule.check(request.getMethod(), request.getHeaderString(HttpHeaders.CONTENT_TYPE), request.hasEntity(),
                        request.getHeaderString("Origin"), request.getHeaderString("Sec-Fetch-Site"),
                        request.getHeaderString(HttpHeaders.HOST))
                .ifPresent(problem -> request.abortWith(problem.toResponse()));
    }
}
