package se.relaybridge.admin;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Every admin API body is read at most to {@link #MAX_BODY_BYTES} and nests JSON at most {@link #MAX_JSON_DEPTH}
 * levels, before any resource or JSON parser sees it: a declared or sent body over the limit is answered 413, a
 * deeper one 400, both as problems naming the limit (the largest real body, a relay profile, is a few KB and four
 * levels deep). Runs after the login check, so a stranger's body is never read at all.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class BodyLimitFilter implements ContainerRequestFilter {

    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_JSON_DEPTH = 32;

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && declaredTooLarge(declared)) {
            request.abortWith(tooLarge().toResponse());
            return;
        }
        if (!request.hasEntity()) {
            return;
        }
        byte[] body = new byte[initialBuffer(declared)];
        int length = 0;
        try (InputStream in = request.getEntityStream()) {
            while (true) {
                if (length == body.length) {
                    if (length > MAX_BODY_BYTES) {
                        // read one byte past the limit, never the rest
                        request.abortWith(tooLarge().toResponse());
                        return;
                    }
                    body = Arrays.copyOf(body, Math.min(MAX_BODY_BYTES + 1, body.length * 2));
                }
                int n = in.read(body, length, body.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        }
        if (JsonNesting.deeperThan(body, length, MAX_JSON_DEPTH)) {
            request.abortWith(new Problem("about:blank", "JSON nested too deeply", 400,
                    "the request body nests JSON arrays and objects deeper than " + MAX_JSON_DEPTH
                            + " levels, the admin API's limit", List.of(new Problem.FieldProblem(null, "body",
                    "body: more than " + MAX_JSON_DEPTH + " levels of nesting"))).toResponse());
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body, 0, length));
    }

    private static int initialBuffer(String declared) {
        try {
            return declared == null ? 8192 : (int) Math.max(1, Math.min(MAX_BODY_BYTES + 1L, Long.parseLong(declared.trim()) + 1));
        } catch (NumberFormatException e) {
            return 8192;
        }
    }

    private static boolean declaredTooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            // the container refuses a malformed Content-Length before this; nothing to add
            return false;
        }
    }

    private static Problem tooLarge() {
        return new Problem("about:blank", "Request body too large", 413, "the request body is larger than "
                + MAX_BODY_BYTES + " bytes (1 MiB), the admin API's limit", List.of(new Problem.FieldProblem(null,
                "body", "body: more than " + MAX_BODY_BYTES + " bytes")));
    }
}
