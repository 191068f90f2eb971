package dev.herald.ingress.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.Caller;
import dev.herald.common.contract.TraceParent;
import dev.herald.common.rest.ProblemException;
import dev.herald.ingress.config.IngressConfig;
import dev.herald.ingress.service.EventIntake;
import dev.herald.ingress.service.EventValidator;
import dev.herald.ingress.service.RequestFingerprint;
import dev.herald.ingress.service.TenantRateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Clock;
import java.util.Map;
import java.util.regex.Pattern;

@Path("/v1/events")
public class EventsResource {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final EventIntake intake;
    private final TenantRateLimiter rateLimiter;
    private final IngressConfig config;
    private final EventValidator validator;
    private final ObjectMapper json;
    private final Caller caller;

    EventsResource(EventIntake intake, TenantRateLimiter rateLimiter, IngressConfig config, ObjectMapper json, Caller caller) {
        this.intake = intake;
        this.rateLimiter = rateLimiter;
        this.config = config;
        this.validator = new EventValidator(config.maxRecipients(), Clock.systemUTC());
        this.json = json.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.caller = caller;
    }

    public record EventAccepted(String eventId, int recipients) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish an event", description = "Answers 202 once the broker has confirmed the event.")
    @APIResponse(responseCode = "202", description = "Accepted: the event is durably queued")
    public Uni<Response> publish(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @HeaderParam("traceparent") String traceparent) {
        String tenant = caller.tenant();
        long waitSeconds = rateLimiter.acquire(tenant);
        if (waitSeconds > 0) {
            throw new ProblemException(429, "Too many requests",
                    "This API key is over its event rate; retry after " + waitSeconds + " s.", null,
                    Map.of("Retry-After", Long.toString(waitSeconds)));
        }
        if (body.length > config.maxBodyBytes()) {
            throw new ProblemException(413, "Body too large",
                    "The event body is " + body.length + " bytes; the limit is " + config.maxBodyBytes() + " bytes.");
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new ProblemException(400, "Invalid Idempotency-Key",
                    "Idempotency-Key must be 1-255 visible ASCII characters without spaces.");
        }
        JsonNode tree = parse(body);
        return switch (validator.validate(tree)) {
            case EventValidator.Invalid invalid -> throw ProblemException.validation(invalid.errors());
            case EventValidator.Valid valid -> intake.accept(tenant, valid.event(), idempotencyKey,
                            RequestFingerprint.of(tree), TraceParent.childOf(traceparent))
                    .map(accepted -> {
                        Response.ResponseBuilder response = Response.accepted(
                                new EventAccepted(accepted.eventId().toString(), accepted.recipients()));
                        if (accepted.replayed()) {
                            response.header("Idempotent-Replayed", "true");
                        }
                        return response.build();
                    });
        };
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new ProblemException(400, "Malformed JSON", "The body is empty; send the event as a JSON object.");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ProblemException(400, "Malformed JSON", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ProblemException(400, "Malformed JSON", "The body could not be read.");
        }
    }
}
