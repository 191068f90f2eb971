package dev.herald.sandbox.rest;

import dev.herald.sandbox.service.MessageRecorder;
import dev.herald.sandbox.service.RecordedMessage;
import dev.herald.sandbox.service.SandboxChannel;
import io.quarkus.logging.Log;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/sandbox/messages")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sandbox messages", description = "What the providers received")
public class MessagesResource {

    private final MessageRecorder recorder;

    MessagesResource(MessageRecorder recorder) {
        this.recorder = recorder;
    }

    public record MessageCount(int count) {
    }

    @GET
    @Operation(summary = "Recorded messages, oldest first", description = "One entry per recipient. Failed and "
            + "rejected requests are not recorded.")
    public List<RecordedMessage> find(
            @Parameter(description = "email, sms, push or slack") @QueryParam("channel") String channel,
            @Parameter(description = "recipient: address, number, Slack channel or device token; ignores case")
            @QueryParam("to") String to,
            @Parameter(description = "only the newest N matches") @QueryParam("limit") Integer limit) {
        if (limit != null && limit < 1) {
            throw ProblemException.validation(List.of(new Problem.FieldError("limit", "must be at least 1")));
        }
        return recorder.find(channel(channel), blankToNull(to), limit == null ? 0 : limit);
    }

    @GET
    @Path("/count")
    @Operation(summary = "How many recorded messages match", description = "Cheap for benchmarks that only count.")
    public MessageCount count(@QueryParam("channel") String channel, @QueryParam("to") String to) {
        return new MessageCount(recorder.count(channel(channel), blankToNull(to)));
    }

    @DELETE
    @Operation(summary = "Forget every recorded message")
    public void clear() {
        int cleared = recorder.clear();
        Log.infof("cleared %d recorded messages", cleared);
    }

    private static SandboxChannel channel(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return SandboxChannel.fromWireName(name).orElseThrow(() -> ProblemException.validation(List.of(
                new Problem.FieldError("channel", "must be one of " + SandboxChannel.WIRE_NAMES))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
