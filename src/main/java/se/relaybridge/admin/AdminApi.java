package se.relaybridge.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The admin API lives under {@code /api}; every resource and provider of this package is found by scanning. Its
 * OpenAPI document is served by Payara at {@code /openapi}.
 */
@ApplicationPath("api")
@OpenAPIDefinition(info = @Info(title = "relaybridge admin API", version = "1",
        description = "Relay profiles, queues, routing, active calls, call records and the live board of relaybridge."
                + " GET needs the viewer or ops role, every change the ops role; errors are RFC 7807 problems."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class AdminApi extends Application {
}
