package dev.herald.channel.slack.provider;

import com.slack.api.methods.SlackApiErrorResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.BotProfile;
import com.slack.api.model.ErrorResponseMetadata;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The slack-api-client types that Gson reads and writes by reflection for {@code chat.postMessage}: the request's
 * blocks and the answer with the message Slack echoes. Needed in a native image only (not verified here: no GraalVM).
 */
@RegisterForReflection(ignoreNested = false, targets = {
        ChatPostMessageResponse.class, SlackApiErrorResponse.class, ResponseMetadata.class,
        ErrorResponseMetadata.class, Message.class, BotProfile.class, SectionBlock.class, ContextBlock.class,
        MarkdownTextObject.class, PlainTextObject.class})
final class SlackNativeReflection {

    private SlackNativeReflection() {
    }
}
