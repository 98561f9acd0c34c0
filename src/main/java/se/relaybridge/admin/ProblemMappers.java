package se.relaybridge.admin;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Every error of the admin API leaves as an RFC 7807 problem, never as a server page or a stack trace. */
final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            if (r.hasEntity() && r.getEntity() instanceof Problem) {
                return r;
            }
            Response.StatusType status = r.getStatusInfo();
            Response.ResponseBuilder out = Response.fromResponse(Problem.of(status, e.getMessage()).toResponse());
            r.getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> out.header(name, v));
                }
            });
            return out.build();
        }
    }

    @Provider
    public static class BadJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "the request body is not valid JSON for this resource: "
                    + e.getMessage()).toResponse();
        }
    }

    /** A body that is not JSON at all, seen by a resource that parses it itself: the client's error, no stack trace. */
    @Provider
    public static class BadJsonText implements ExceptionMapper<jakarta.json.JsonException> {
        @Override
        public Response toResponse(jakarta.json.JsonException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "the request body is not valid JSON: " + e.getMessage())
                    .toResponse();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            LOG.log(Level.SEVERE, "admin API request failed", e);
            return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "relaybridge could not complete the request;"
                    + " the server log has the details").toResponse();
        }
    }
}
