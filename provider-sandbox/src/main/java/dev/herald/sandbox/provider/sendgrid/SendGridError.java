package dev.herald.sandbox.provider.sendgrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.herald.sandbox.service.Fault;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Locale;

/** One entry of SendGrid's error body {@code {"errors":[{"message","field","help"}]}}; field and help may be null. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record SendGridError(String message, String field, String help) {

    private static final String HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#";

    record Body(List<SendGridError> errors) {
    }

    static SendGridError of(String message, String field, String helpAnchor) {
        return new SendGridError(message, field, helpAnchor == null ? null : HELP + helpAnchor);
    }

    static SendGridError plain(String message) {
        return new SendGridError(message, null, null);
    }

    static Response response(int status, List<SendGridError> errors) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new Body(errors)).build();
    }

    static Response response(int status, SendGridError error) {
        return response(status, List.of(error));
    }

    /** How SendGrid answers when it is overloaded or failing. */
    static Response fault(Fault fault) {
        Response.Status reason = Response.Status.fromStatusCode(fault.status());
        String message = fault.status() == 429 ? "too many requests"
                : reason != null ? reason.getReasonPhrase().toLowerCase(Locale.ROOT) : "error";
        return fault.withRetryAfter(Response.status(fault.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(List.of(plain(message))))).build();
    }
}
