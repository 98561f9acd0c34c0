package se.relaybridge.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin API lives under {@code /api}; every resource and provider of this package is found by scanning. */
@ApplicationPath("api")
public class AdminApi extends Application {
}
