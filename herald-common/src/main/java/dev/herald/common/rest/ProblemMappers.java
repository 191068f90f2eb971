package dev.herald.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.herald.common.messaging.BrokerUnavailableException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** The one place that turns failures into {@code application/problem+json} answers, for every service. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = build(e.status(), e.title(), e.getMessage(), uri, e.errors());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response brokerUnavailable(BrokerUnavailableException e, UriInfo uri) {
        Log.warnf("broker unavailable: %s", e.getMessage());
        return build(503, "Service unavailable",
                "The message broker is unavailable; nothing was accepted. Retry later.", uri, null)
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream()
                        .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : null;
        String message = e.getOriginalMessage();
        List<Problem.FieldError> errors = where == null ? null : List.of(new Problem.FieldError(where, message));
        return build(400, "Malformed JSON", "The body is not valid JSON of the expected shape: " + message, uri, errors)
                .build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Response.Status type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "Error";
        Response.ResponseBuilder response = build(status, title, e.getMessage(), uri, null);
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (Failures.any(e, BrokerUnavailableException.class::isInstance)) {
            // e.g. the publish failed and then releasing the idempotency key failed too: the broker explains it
            return brokerUnavailable(new BrokerUnavailableException(e.getMessage(), e), uri);
        }
        if (DatabaseFailures.unreachable(e)) {
            Log.warnf("database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return build(503, "Service unavailable",
                    "The database is unavailable. Retry later (with the same Idempotency-Key, if any).", uri, null)
                    .header("Retry-After", "5").build();
        }
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return build(500, "Internal error", "An unexpected error occurred; it has been logged.", uri, null).build();
    }

    static Response.ResponseBuilder build(int status, String title, String detail, UriInfo uri,
            List<Problem.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
