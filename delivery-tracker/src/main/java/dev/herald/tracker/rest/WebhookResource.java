package dev.herald.tracker.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.common.rest.ProblemException;
import dev.herald.tracker.model.ProviderReport;
import dev.herald.tracker.provider.SendGridEvents;
import dev.herald.tracker.provider.SendGridSignatureVerifier;
import dev.herald.tracker.provider.SignatureCheck;
import dev.herald.tracker.provider.TwilioSignatureVerifier;
import dev.herald.tracker.provider.TwilioStatusCallbacks;
import dev.herald.tracker.provider.WebhookSignatures;
import dev.herald.tracker.repository.WebhookEventStore;
import dev.herald.tracker.service.WebhookEventApplier;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Provider webhooks. Outside {@code /v1/}: providers authenticate by signature, not by API key. A request whose
 * signature is missing (401) or wrong, tampered or stale (403) is refused before anything is read from it. A verified
 * one is stored (idempotently: providers re-send) and answered 200 at once, even when it names notifications the
 * tracker does not know, so a provider never retries in a loop; the events are then applied in the background.
 */
@Path("/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhookResource {

    private final SendGridSignatureVerifier sendGrid;
    private final TwilioSignatureVerifier twilio;
    private final String publicBaseUrl;
    private final ObjectMapper json;
    private final WebhookEventStore events;
    private final WebhookEventApplier applier;

    WebhookResource(WebhookSignatures signatures, ObjectMapper json, WebhookEventStore events,
            WebhookEventApplier applier) {
        this.sendGrid = signatures.sendGrid();
        this.twilio = signatures.twilio();
        this.publicBaseUrl = signatures.publicBaseUrl().orElse(null);
        this.json = json;
        this.events = events;
        this.applier = applier;
    }

    /** SendGrid Event Webhook: a JSON array of events, signed with the account's ECDSA key. */
    @POST
    @Path("/sendgrid")
    @Consumes(MediaType.WILDCARD)
    public Uni<WebhookReceipt> sendgrid(
            @HeaderParam(SendGridSignatureVerifier.SIGNATURE_HEADER) String signature,
            @HeaderParam(SendGridSignatureVerifier.TIMESTAMP_HEADER) String timestamp,
            byte[] body) {
        Instant now = Instant.now();
        require(sendGrid.verify(signature, timestamp, body, now), "sendgrid");
        JsonNode events;
        try {
            events = json.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw new ProblemException(400, "Malformed webhook", "The body is not JSON: " + e.getMessage());
        }
        SendGridEvents.Batch batch;
        try {
            batch = SendGridEvents.read(events, now);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Malformed webhook", e.getMessage());
        }
        return store(batch.reports(), batch.reports().size() + batch.unusable(), batch.unusable(), "sendgrid");
    }

    /** Twilio message status callback: form parameters, signed with the account's auth token over URL and parameters. */
    @POST
    @Path("/twilio")
    @Consumes(MediaType.WILDCARD)
    public Uni<WebhookReceipt> twilio(@HeaderParam(TwilioSignatureVerifier.SIGNATURE_HEADER) String signature,
            @Context UriInfo uri, byte[] body) {
        List<Map.Entry<String, String>> parameters = TwilioStatusCallbacks.parameters(body);
        require(twilio.verify(signature, signedUrl(uri), parameters), "twilio");
        List<ProviderReport> reports = TwilioStatusCallbacks.read(parameters, Instant.now()).map(List::of)
                .orElse(List.of());
        return store(reports, 1, 1 - reports.size(), "twilio");
    }

    private Uni<WebhookReceipt> store(List<ProviderReport> reports, int received, int skipped, String provider) {
        if (skipped > 0) {
            Log.infof("%s webhook: %d of %d events name no message Herald could know; acknowledged and skipped",
                    provider, skipped, received);
        }
        return events.storeNew(reports).map(stored -> {
            if (stored > 0) {
                applier.wake();
            }
            return new WebhookReceipt(received, stored, skipped);
        });
    }

    /**
     * The URL Twilio signed: the public base URL (the address Twilio was given, in front of any proxy) plus the path
     * and query as received, or the request's own URL where no public base URL is configured.
     */
    private String signedUrl(UriInfo uri) {
        if (publicBaseUrl == null) {
            return uri.getRequestUri().toString();
        }
        String query = uri.getRequestUri().getRawQuery();
        return publicBaseUrl + uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
    }

    private static void require(SignatureCheck check, String provider) {
        if (check instanceof SignatureCheck.Refused refused) {
            Log.warnf("%s webhook refused (%d): %s", provider, refused.status(), refused.detail());
            String title = switch (refused.status()) {
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                default -> "Service unavailable";
            };
            throw new ProblemException(refused.status(), title, refused.detail());
        }
    }
}
