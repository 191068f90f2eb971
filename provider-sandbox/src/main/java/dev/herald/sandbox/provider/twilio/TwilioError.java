package dev.herald.sandbox.provider.twilio;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.herald.sandbox.service.Fault;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Twilio's REST error body: its own error code, a message, a link to the code's page and the HTTP status. */
record TwilioError(int code, String message, @JsonProperty("more_info") String moreInfo, int status) {

    static TwilioError of(int status, int code, String message) {
        return new TwilioError(code, message, "https://www.twilio.com/docs/errors/" + code, status);
    }

    Response toResponse() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }

    static Response unauthenticated() {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", "Basic realm=\"Twilio API\"")
                .entity(of(401, 20003, "Authenticate")).build();
    }

    /** Twilio's own 20xxx codes mirror the HTTP status (20429 Too Many Requests, 20503 Service Unavailable). */
    static Response fault(Fault fault) {
        Response.Status reason = Response.Status.fromStatusCode(fault.status());
        TwilioError error = of(fault.status(), 20000 + fault.status(), reason != null ? reason.getReasonPhrase() : "Error");
        return fault.withRetryAfter(Response.status(fault.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(error))
                .build();
    }
}
