package dev.herald.sandbox.rest;

import dev.herald.sandbox.provider.sendgrid.EventWebhookKey;
import dev.herald.sandbox.service.WebhookDispatcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The sandbox's delivery webhooks: the key to verify SendGrid's with, and how sending them goes. */
@Path("/sandbox/webhooks")
@Tag(name = "Sandbox webhooks", description = "Signed delivery webhooks sent back after accepting messages")
public class WebhooksResource {

    private final EventWebhookKey key;
    private final WebhookDispatcher dispatcher;

    WebhooksResource(EventWebhookKey key, WebhookDispatcher dispatcher) {
        this.key = key;
        this.dispatcher = dispatcher;
    }

    @GET
    @Path("/sendgrid/public-key")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "SendGrid event webhook verification key", description = "Base64 DER SubjectPublicKeyInfo "
            + "of the ECDSA P-256 key the events are signed with, as SendGrid shows it; configure the receiver with it "
            + "(delivery-tracker: HERALD_TRACKER_WEBHOOKS_SENDGRID_PUBLIC_KEY).")
    public String sendGridPublicKey() {
        return key.publicKeyBase64();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Webhooks waiting, delivered, given up and dropped so far")
    public WebhookDispatcher.Stats stats() {
        return dispatcher.stats();
    }
}
