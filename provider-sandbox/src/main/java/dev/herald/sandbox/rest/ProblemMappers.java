package dev.herald.sandbox.rest;

import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * Turns failures into {@code application/problem+json}. Provider endpoints answer their own errors in the
 * provider's shape without throwing; only what escapes them (unknown paths, wrong media types, bugs) lands here.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return build(e.status(), e.title(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status type = Response.Status.fromStatusCode(status);
        return build(status, type != null ? type.getReasonPhrase() : "Error", e.getMessage(), uri, null);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return build(500, "Internal error", "An unexpected error occurred; it has been logged.", uri, null);
    }

    private static Response build(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
