package se.relaybridge.admin;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import se.relaybridge.config.ConfigProblem;

import java.util.List;

/**
 * An RFC 7807 problem response. {@code problems} lists each configuration problem by file and field, so a client
 * can point the operator at the exact place to fix.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "problems"})
public record Problem(String type, String title, int status, String detail, List<FieldProblem> problems) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    /** One problem of one field of one file. */
    @JsonbPropertyOrder({"file", "field", "message"})
    public record FieldProblem(String file, String field, String message) {

        public static FieldProblem of(ConfigProblem problem) {
            return new FieldProblem(problem.file(), problem.field(), problem.getMessage());
        }

        public static List<FieldProblem> of(List<ConfigProblem> problems) {
            return problems.stream().map(FieldProblem::of).toList();
        }
    }

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, null);
    }

    public static Problem invalid(String detail, List<ConfigProblem> problems) {
        return new Problem("about:blank", "Invalid configuration", 422, detail, FieldProblem.of(problems));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
