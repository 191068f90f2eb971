package dev.herald.sandbox.provider.fcm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** FCM HTTP v1 {@code messages:send}, as firebase-admin calls it. */
@Path("/v1/projects/{project}/messages:send")
@Tag(name = "FCM", description = "Stand-in for fcm.googleapis.com")
public class FcmMessagesResource {

    static final String UNREGISTERED_PREFIX = "unregistered-";
    static final String INVALID_PREFIX = "invalid-";
    static final String MISMATCH_PREFIX = "mismatch-";

    private final FaultInjector faults;
    private final MessageRecorder recorder;
    private final AccessTokens tokens;
    private final ObjectMapper json;

    FcmMessagesResource(FaultInjector faults, MessageRecorder recorder, AccessTokens tokens, ObjectMapper json) {
        this.faults = faults;
        this.recorder = recorder;
        this.tokens = tokens;
        this.json = json;
    }

    /** The body of a successful send: the message's resource name. */
    public record Sent(String name) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message (FCM HTTP v1)", description = "Bearer access token from POST /token (or "
            + "the configured fixed one). Device tokens starting unregistered- give 404 UNREGISTERED, invalid- "
            + "400 INVALID_ARGUMENT, mismatch- 403 SENDER_ID_MISMATCH. validate_only answers without recording.")
    public Uni<Response> send(@PathParam("project") String project,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        return faults.serve(SandboxChannel.PUSH, tripped -> handle(project, authorization, body, tripped));
    }

    private Response handle(String project, String authorization, byte[] body, Optional<Fault> tripped) {
        Optional<String> token = Credentials.bearer(authorization);
        if (token.isEmpty()) {
            return GoogleError.unauthenticated("Request is missing required authentication credential. Expected "
                    + "OAuth 2 access token, login cookie or other valid authentication credential.", false);
        }
        if (!tokens.accepts(token.get())) {
            return GoogleError.unauthenticated("Request had invalid authentication credentials. Expected OAuth 2 "
                    + "access token, login cookie or other valid authentication credential.", true);
        }
        if (tripped.isPresent()) {
            return GoogleError.fault(tripped.get());
        }
        JsonNode request = readTree(body);
        if (request == null || !request.isObject()) {
            return GoogleError.fcm(400, "Invalid JSON payload received.", "INVALID_ARGUMENT");
        }
        JsonNode message = request.get("message");
        if (message == null || !message.isObject()) {
            return GoogleError.invalidArgument("Request contains an invalid argument.", "message",
                    "The message is required.");
        }
        String deviceToken = text(message, "token");
        String topic = text(message, "topic");
        String condition = text(message, "condition");
        long targets = Stream.of(deviceToken, topic, condition).filter(t -> t != null).count();
        if (targets == 0) {
            return GoogleError.invalidArgument("Recipient of the message is not set.", "message",
                    "Recipient of the message is not set.");
        }
        if (targets > 1) {
            return GoogleError.invalidArgument("Invalid value at 'message' (oneof), oneof field 'target' is "
                    + "already set.", "message", "Only one of token, topic and condition may be set.");
        }
        if (deviceToken != null) {
            Optional<Response> magic = magicToken(deviceToken);
            if (magic.isPresent()) {
                return magic.get();
            }
        }
        Map<String, String> data = new LinkedHashMap<>();
        JsonNode dataNode = message.get("data");
        if (dataNode != null && !dataNode.isNull()) {
            if (!dataNode.isObject()) {
                return GoogleError.invalidArgument("Invalid value at 'message.data'.", "message.data",
                        "The data must be a map of strings.");
            }
            for (var entry : dataNode.properties()) {
                if (!entry.getValue().isTextual()) {
                    return GoogleError.invalidArgument("Invalid value at 'message.data[" + entry.getKey()
                                    + "].value' (TYPE_STRING)", "message.data[" + entry.getKey() + "].value",
                            "Data values must be strings.");
                }
                data.put(entry.getKey(), entry.getValue().asText());
            }
        }
        if (request.path("validate_only").asBoolean(false) || request.path("validateOnly").asBoolean(false)) {
            return Response.ok(new Sent("projects/" + project + "/messages/fake_message_id"),
                    MediaType.APPLICATION_JSON_TYPE).build();
        }

        String name = ProviderIds.fcmMessageName(project);
        String target = deviceToken != null ? deviceToken : topic != null ? "topic:" + topic : "condition:" + condition;
        JsonNode notification = message.path("notification");
        recorder.record(RecordedMessage.push(target, text(notification, "title"), text(notification, "body"), data,
                name, Instant.now()));
        Log.debugf("fcm sent %s", name);
        return Response.ok(new Sent(name), MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Optional<Response> magicToken(String deviceToken) {
        if (deviceToken.startsWith(UNREGISTERED_PREFIX)) {
            return Optional.of(GoogleError.fcm(404, "Requested entity was not found.", "UNREGISTERED"));
        }
        if (deviceToken.startsWith(INVALID_PREFIX)) {
            return Optional.of(GoogleError.invalidArgument("The registration token is not a valid FCM registration "
                    + "token", "message.token", "Invalid registration token"));
        }
        if (deviceToken.startsWith(MISMATCH_PREFIX)) {
            return Optional.of(GoogleError.fcm(403, "SenderId mismatch", "SENDER_ID_MISMATCH"));
        }
        return Optional.empty();
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
