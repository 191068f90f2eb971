package dev.herald.sandbox.provider.sendgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.sandbox.config.SandboxConfig;
import dev.herald.sandbox.provider.Credentials;
import dev.herald.sandbox.service.Fault;
import dev.herald.sandbox.service.FaultInjector;
import dev.herald.sandbox.service.MessageRecorder;
import dev.herald.sandbox.service.ProviderIds;
import dev.herald.sandbox.service.RecordedMessage;
import dev.herald.sandbox.service.SandboxChannel;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/** SendGrid's v3 mail send, as {@code sendgrid-java} calls it. */
@Path("/v3/mail/send")
@Tag(name = "SendGrid", description = "Stand-in for api.sendgrid.com")
public class SendGridMailResource {

    static final String MESSAGE_ID_HEADER = "X-Message-Id";

    private final FaultInjector faults;
    private final MessageRecorder recorder;
    private final ObjectMapper json;
    private final String apiKey;
    private final SendGridEventWebhook events;

    SendGridMailResource(FaultInjector faults, MessageRecorder recorder, ObjectMapper json, SandboxConfig config,
            SendGridEventWebhook events) {
        this.events = events;
        this.faults = faults;
        this.recorder = recorder;
        this.json = json;
        this.apiKey = config.sendgrid().apiKey();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send mail (SendGrid v3)", description = "Records one message per address in each "
            + "personalization's to. Local part invalid@ is rejected; bounce@, dropped@ and spamreport@ are accepted "
            + "with that outcome. mail_settings.sandbox_mode.enable validates only and answers 200.")
    @APIResponse(responseCode = "202", description = "Accepted; the message id is in X-Message-Id")
    @APIResponse(responseCode = "400", description = "Invalid mail, in SendGrid's error shape")
    @APIResponse(responseCode = "401", description = "Missing or wrong API key")
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return faults.serve(SandboxChannel.EMAIL, tripped -> handle(authorization, body, tripped));
    }

    private Response handle(String authorization, byte[] body, Optional<Fault> tripped) {
        Optional<String> key = Credentials.bearer(authorization);
        if (key.isEmpty()) {
            return SendGridError.response(401, SendGridError.plain("authorization required"));
        }
        if (!Credentials.matches(key.get(), apiKey)) {
            return SendGridError.response(401,
                    SendGridError.plain("The provided authorization grant is invalid, expired, or revoked"));
        }
        if (tripped.isPresent()) {
            return SendGridError.fault(tripped.get());
        }
        return switch (SendGridMail.parse(readTree(body))) {
            case SendGridMail.Invalid invalid -> SendGridError.response(400, invalid.errors());
            case SendGridMail.Valid valid -> accept(valid.mail());
        };
    }

    private Response accept(SendGridMail mail) {
        if (mail.sandboxMode()) {
            // SendGrid's own sandbox mode: validated, not sent, answered 200 instead of 202.
            return Response.ok().build();
        }
        String messageId = ProviderIds.sendGridMessageId();
        Instant now = Instant.now();
        for (SendGridMail.Recipient recipient : mail.recipients()) {
            recorder.record(RecordedMessage.email(recipient.email(), mail.from(), recipient.subject(),
                    mail.plain() != null ? mail.plain() : mail.html(), mail.html(), recipient.headers(),
                    recipient.customArgs(), messageId, MagicAddresses.outcome(recipient.email()), now));
        }
        events.accepted(messageId, mail.recipients(), now);
        Log.debugf("sendgrid accepted %s for %d recipient(s)", messageId, mail.recipients().size());
        return Response.accepted().header(MESSAGE_ID_HEADER, messageId).build();
    }

    private JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
