package se.relaybridge.admin;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Thrown by a resource to end the request with a problem response. */
public class ProblemException extends WebApplicationException {

    public ProblemException(Problem problem) {
        super(problem.detail(), problem.toResponse());
    }

    public static ProblemException of(Response.Status status, String detail) {
        return new ProblemException(Problem.of(status, detail));
    }
}
