package dev.herald.sandbox.provider.twilio;

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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/** Twilio's Programmable Messaging create call, as the {@code com.twilio.sdk:twilio} client makes it. */
@Path("/2010-04-01/Accounts/{accountSid}/Messages.json")
@Tag(name = "Twilio", description = "Stand-in for api.twilio.com")
public class TwilioMessagesResource {

    static final int MAX_BODY_CHARS = 1600;

    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern SHORT_CODE = Pattern.compile("\\d{3,8}");
    private static final Pattern ALPHANUMERIC_SENDER = Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
    private static final Pattern MESSAGING_SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

    private final FaultInjector faults;
    private final MessageRecorder recorder;
    private final String accountSid;
    private final String authToken;
    private final TwilioStatusCallback callbacks;

    TwilioMessagesResource(FaultInjector faults, MessageRecorder recorder, SandboxConfig config,
            TwilioStatusCallback callbacks) {
        this.faults = faults;
        this.recorder = recorder;
        this.callbacks = callbacks;
        this.accountSid = config.twilio().accountSid();
        this.authToken = config.twilio().authToken();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send an SMS (Twilio)", description = "Form fields To, From or MessagingServiceSid, Body, "
            + "StatusCallback. Magic numbers after Twilio's test credentials: To +15005550001 (21211), "
            + "+15005550002 (21612), +15005550003 (21408), +15005550004 (21610), +15005550009 (21614); "
            + "From +15005550001 (21212), +15005550007 (21606), +15005550008 (21611).")
    @APIResponse(responseCode = "201", description = "The queued message, with its SM... sid")
    @APIResponse(responseCode = "400", description = "Rejected, with Twilio's error code")
    @APIResponse(responseCode = "401", description = "Wrong account SID or auth token")
    public Uni<Response> create(@PathParam("accountSid") String pathSid,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, MultivaluedMap<String, String> form) {
        return faults.serve(SandboxChannel.SMS, tripped -> handle(pathSid, authorization, form, tripped));
    }

    private Response handle(String pathSid, String authorization, MultivaluedMap<String, String> form,
            Optional<Fault> tripped) {
        Optional<Credentials.Basic> credentials = Credentials.basic(authorization);
        if (credentials.isEmpty() || !Credentials.matches(credentials.get().user(), accountSid)
                || !Credentials.matches(credentials.get().password(), authToken)) {
            return TwilioError.unauthenticated();
        }
        if (!accountSid.equals(pathSid)) {
            return TwilioError.of(404, 20404, "The requested resource /2010-04-01/Accounts/" + pathSid
                    + "/Messages.json was not found").toResponse();
        }
        if (tripped.isPresent()) {
            return TwilioError.fault(tripped.get());
        }
        String to = field(form, "To");
        String from = field(form, "From");
        String messagingServiceSid = field(form, "MessagingServiceSid");
        String body = field(form, "Body");
        Optional<TwilioError> invalid = validate(to, from, messagingServiceSid, body)
                .or(() -> MagicNumbers.rejection(to, from));
        if (invalid.isPresent()) {
            return invalid.get().toResponse();
        }

        String sid = ProviderIds.twilioMessageSid();
        ZonedDateTime now = ZonedDateTime.now();
        String statusCallback = field(form, "StatusCallback");
        recorder.record(RecordedMessage.sms(to, from != null ? from : messagingServiceSid, body, statusCallback, sid,
                MagicNumbers.callbackOutcome(to).status(), now.toInstant()));
        callbacks.queued(sid, to, from != null ? from : messagingServiceSid, statusCallback);
        Log.debugf("twilio queued %s", sid);
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(TwilioMessage.queued(accountSid, sid, to, from, messagingServiceSid, body, now))
                .build();
    }

    private static Optional<TwilioError> validate(String to, String from, String messagingServiceSid, String body) {
        if (to == null) {
            return error(21604, "A 'To' phone number is required.");
        }
        if (from == null && messagingServiceSid == null) {
            return error(21603, "A 'From' phone number is required.");
        }
        if (body == null) {
            return error(21602, "Message body is required.");
        }
        if (body.length() > MAX_BODY_CHARS) {
            return error(21617, "The concatenated message body exceeds the 1600 character limit.");
        }
        if (!E164.matcher(to).matches()) {
            return error(21211, "The 'To' number " + to + " is not a valid phone number.");
        }
        if (from != null && !(E164.matcher(from).matches() || SHORT_CODE.matcher(from).matches()
                || ALPHANUMERIC_SENDER.matcher(from).matches())) {
            return error(21212, "The 'From' number " + from
                    + " is not a valid phone number, shortcode, or alphanumeric sender ID.");
        }
        if (messagingServiceSid != null && !MESSAGING_SERVICE_SID.matcher(messagingServiceSid).matches()) {
            return error(21701, "The Messaging Service Sid " + messagingServiceSid + " is invalid.");
        }
        if (to.equals(from)) {
            return error(21266, "'To' and 'From' number cannot be the same: " + to);
        }
        return Optional.empty();
    }

    private static Optional<TwilioError> error(int code, String message) {
        return Optional.of(TwilioError.of(400, code, message));
    }

    private static String field(MultivaluedMap<String, String> form, String name) {
        String value = form == null ? null : form.getFirst(name);
        return value == null || value.isBlank() ? null : value;
    }
}
