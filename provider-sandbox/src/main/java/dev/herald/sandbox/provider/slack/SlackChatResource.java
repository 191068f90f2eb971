package dev.herald.sandbox.provider.slack;

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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Slack's {@code chat.postMessage}, as {@code slack-api-client} posts it (form) or as JSON. */
@Path("/api/chat.postMessage")
@Tag(name = "Slack", description = "Stand-in for slack.com/api")
public class SlackChatResource {

    static final int MAX_TEXT_CHARS = 40_000;

    /** Channel ids with a fixed error, named after the error they give. */
    static final Map<String, String> MAGIC_CHANNELS = Map.of(
            "C_NOT_FOUND", "channel_not_found",
            "C_ARCHIVED", "is_archived",
            "C_NOT_IN_CHANNEL", "not_in_channel");

    private final FaultInjector faults;
    private final MessageRecorder recorder;
    private final ObjectMapper json;
    private final String token;

    SlackChatResource(FaultInjector faults, MessageRecorder recorder, ObjectMapper json, SandboxConfig config) {
        this.faults = faults;
        this.recorder = recorder;
        this.json = json;
        this.token = config.slack().token();
    }

    /** What a post asks for, whichever encoding it came in; {@code malformed} names a body Slack could not read. */
    private record Post(String token, String channel, String text, JsonNode blocks, boolean hasAttachments,
            String malformed) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post a message (Slack, form)", description = "Fields token (or a Bearer header), channel, "
            + "text, blocks (JSON). Channels C_NOT_FOUND, C_ARCHIVED, C_NOT_IN_CHANNEL give those errors.")
    public Uni<Response> postForm(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            MultivaluedMap<String, String> form) {
        String blocksField = field(form, "blocks");
        JsonNode blocks = null;
        String malformed = null;
        if (blocksField != null) {
            blocks = readTree(blocksField.getBytes(StandardCharsets.UTF_8));
            if (blocks == null || !blocks.isArray()) {
                malformed = "invalid_blocks";
            }
        }
        String bearer = Credentials.bearer(authorization).orElse(field(form, "token"));
        Post post = new Post(bearer, field(form, "channel"), field(form, "text"), blocks,
                field(form, "attachments") != null, malformed);
        return faults.serve(SandboxChannel.SLACK, tripped -> handle(post, tripped));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Post a message (Slack, JSON)", description = "Bearer token; body {channel, text, blocks}.")
    public Uni<Response> postJson(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, byte[] body) {
        JsonNode tree = readTree(body);
        Post post;
        if (tree == null || !tree.isObject()) {
            post = new Post(Credentials.bearer(authorization).orElse(null), null, null, null, false, "invalid_json");
        } else {
            JsonNode blocks = tree.get("blocks");
            if (blocks != null && blocks.isTextual()) {
                blocks = readTree(blocks.asText().getBytes(StandardCharsets.UTF_8));
            }
            boolean badBlocks = tree.has("blocks") && (blocks == null || !blocks.isArray());
            post = new Post(Credentials.bearer(authorization).orElse(null), text(tree, "channel"), text(tree, "text"),
                    badBlocks ? null : blocks, tree.has("attachments"), badBlocks ? "invalid_blocks" : null);
        }
        return faults.serve(SandboxChannel.SLACK, tripped -> handle(post, tripped));
    }

    private Response handle(Post post, Optional<Fault> tripped) {
        if (post.token() == null) {
            return SlackReply.error("not_authed");
        }
        if (!Credentials.matches(post.token(), token)) {
            return SlackReply.error("invalid_auth");
        }
        if (tripped.isPresent()) {
            return SlackReply.fault(tripped.get());
        }
        if (post.malformed() != null) {
            return SlackReply.error(post.malformed());
        }
        if (post.channel() == null) {
            return SlackReply.error("channel_not_found");
        }
        String magic = MAGIC_CHANNELS.get(post.channel());
        if (magic != null) {
            return SlackReply.error(magic);
        }
        boolean hasBlocks = post.blocks() != null && !post.blocks().isEmpty();
        if (post.text() == null && !hasBlocks && !post.hasAttachments()) {
            return SlackReply.error("no_text");
        }
        if (post.text() != null && post.text().length() > MAX_TEXT_CHARS) {
            return SlackReply.error("msg_too_long");
        }
        String ts = ProviderIds.slackTs();
        recorder.record(RecordedMessage.slack(post.channel(), post.text(), hasBlocks ? post.blocks() : null, ts,
                Instant.now()));
        Log.debugf("slack posted %s", ts);
        return SlackReply.posted(post.channel(), ts, post.text() != null ? post.text() : "");
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

    private static String text(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static String field(MultivaluedMap<String, String> form, String name) {
        String value = form == null ? null : form.getFirst(name);
        return value == null || value.isBlank() ? null : value;
    }
}
